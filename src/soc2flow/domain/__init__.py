"""The domain: soc2flow's pure decisions, below history/, schedule/, rules/ and render/.

Who is who and who may approve (``org``), an item's approval terms (``terms``), whether a
version is approved (``judging``, with ``content``, ``trust``, ``signers`` and the history
values of ``changes``), and the cadence arithmetic (``periods``, ``cadence``, ``rrules``).
Nothing here runs git, reads the clock, or imports the CLI, history, schedule, rules or
render (``tests/test_layers.py``).
"""
