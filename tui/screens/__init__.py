"""The editor's screens: the main editor screen and its dialogs."""
