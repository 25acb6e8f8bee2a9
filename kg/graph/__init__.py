"""The graph: the ontology's terms, Extractions → RDF, kg's prefixes, graph files read and written."""
