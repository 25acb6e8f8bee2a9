"""Exploring a graph: centralities, communities and rankings, how two entities connect,
measures written back into the RDF, the interactive page."""
