"""Assembling the inputs of official documents from the loan registry, the process variables at
the point of issue and the organisations file (``data/organisations.yaml``).

Public API:

* :func:`build_documents` / :func:`build_document_data` — the data :func:`services.documents.issue_document`
  takes (without ``doc_number``) for a document type and a job's variables.
* :func:`required_variables` — what each type cannot be issued without.
* :func:`load_directory` / :func:`parse_directory` / :class:`Directory` — the organisations file.
* :func:`parse_business_date` — the one reader of dates as variables carry them.
* :class:`VariablesMissing`, :class:`VariableInvalid`, :class:`DirectoryInvalid`,
  :class:`DirectoryEntryMissing` — the errors, each naming the variable, entry or file at fault.
"""

from services.dossier.assemble import build_document_data, build_documents, required_variables
from services.dossier.dates import parse_business_date
from services.dossier.directory import DEFAULT_DIRECTORY_FILE, Directory, load_directory, parse_directory
from services.dossier.errors import DirectoryEntryMissing, DirectoryInvalid, VariableInvalid, VariablesMissing

__all__ = [
    "DEFAULT_DIRECTORY_FILE",
    "Directory",
    "DirectoryEntryMissing",
    "DirectoryInvalid",
    "VariableInvalid",
    "VariablesMissing",
    "build_document_data",
    "build_documents",
    "load_directory",
    "parse_business_date",
    "parse_directory",
    "required_variables",
]
