"""Querying and keeping graphs: SPARQL text, the Oxigraph engine, answers printed, the store on
disk, exports, the SPARQL endpoint and SHACL validation of a graph file or a store."""
