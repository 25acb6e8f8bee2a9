"""kg: news articles in, a knowledge graph under a small OWL ontology out.

Example (not run as a doctest: it parses real articles)::

    import kg
    result = kg.build(["examples/"])
    result.graph.serialize(format="turtle")
"""
from kg.errors import KgError

__version__ = "0.1.0"


def build(paths, **options):
    """Build a graph from files or folders of articles; see :func:`kg.pipeline.build`."""
    from kg.pipeline import build as _build

    return _build(paths, **options)


__all__ = ["KgError", "build", "__version__"]
