"""The command line and the Textual app. Only ``edit``/``serve`` import Textual."""
