"""Reading a bible: lines and nodes, the strict composer, the quick and full readers."""
