"""Writing a bible: patches, text edits, re-reading touched entries, rendering values, saving."""
