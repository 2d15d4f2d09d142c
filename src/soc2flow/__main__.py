from soc2flow.cli.app import main

main()
