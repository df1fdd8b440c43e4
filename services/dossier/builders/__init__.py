"""One pure builder per document type: a :class:`~services.dossier.common.Case` in, schema data out."""
