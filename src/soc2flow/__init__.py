"""soc2flow: SOC 2 policies and controls as files in git."""

__version__ = "0.1.0"
