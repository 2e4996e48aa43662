"""House style, palette and page layout shared by every figure."""
