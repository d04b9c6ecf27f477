"""``hisab serve``: the graph published as Linked Data, over the same store interface as the CLI."""
