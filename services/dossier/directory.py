"""The organisations file: contacts of the banks and city offices, and each bank's two accounts.

The loan registry knows a bank's code and name but not whom to call or which accounts a payment
order names; ``data/organisations.yaml`` holds that, keyed by bank code and by office (the
candidate group names of docs/processes.md). The file is checked against :class:`Directory` on
every load, so a typo is an error at issue time naming the file, never a blank on a paper.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from services.dossier.errors import DirectoryEntryMissing, DirectoryInvalid
from services.settings import PROJECT_ROOT

DEFAULT_DIRECTORY_FILE = PROJECT_ROOT / "data" / "organisations.yaml"

Office = Literal["finance", "poverty-office", "financial-bureau"]
OFFICES: tuple[Office, ...] = ("finance", "poverty-office", "financial-bureau")

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactEntry(_Closed):
    """A person to call: printed as 联系人 on a paper."""

    name: _Text
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9+\-() ]{5,20}$")]


class AccountEntry(_Closed):
    """A bank account named on a payment order."""

    name: _Text
    number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9 ]{6,40}$")]
    bank: _Text


class BankEntry(_Closed):
    """A cooperating bank's contact, its risk-fund account and its loan-repayment transition account."""

    contact: ContactEntry
    fund_account: AccountEntry
    transition_account: AccountEntry


class OfficeEntry(_Closed):
    """A city office's contact."""

    contact: ContactEntry


class Directory(_Closed):
    """The whole organisations file; ``path`` is where it was read from (for error messages)."""

    banks: dict[str, BankEntry] = Field(min_length=1)
    offices: dict[Office, OfficeEntry]
    path: Path = DEFAULT_DIRECTORY_FILE

    def bank(self, code: str) -> BankEntry:
        """The entry of a bank code.

        Raises:
            DirectoryEntryMissing: naming the code and the file.
        """
        entry = self.banks.get(code)
        if entry is None:
            raise DirectoryEntryMissing(section="banks", key=code, path=self.path)
        return entry

    def office(self, key: Office) -> OfficeEntry:
        """The entry of a city office.

        Raises:
            DirectoryEntryMissing: naming the office and the file.
        """
        entry = self.offices.get(key)
        if entry is None:
            raise DirectoryEntryMissing(section="offices", key=key, path=self.path)
        return entry


def parse_directory(text: str, *, path: Path) -> Directory:
    """Validate the YAML text of an organisations file.

    Raises:
        DirectoryInvalid: naming each faulty entry, e.g. ``banks.GZRCB.fund_account.number``.
    """
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DirectoryInvalid(path=path, problems=[f"not valid YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise DirectoryInvalid(path=path, problems=["expected a mapping with 'banks' and 'offices'"])
    try:
        directory = Directory.model_validate({**raw, "path": path})
    except ValidationError as exc:
        problems = [
            f"{'.'.join(map(str, err['loc'])) or '(file)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise DirectoryInvalid(path=path, problems=problems) from exc
    absent = [office for office in OFFICES if office not in directory.offices]
    if absent:
        raise DirectoryInvalid(path=path, problems=[f"offices.{office}: entry missing" for office in absent])
    return directory


def load_directory(path: Path = DEFAULT_DIRECTORY_FILE) -> Directory:
    """Read and validate an organisations file; re-read when the file changes on disk.

    Raises:
        DirectoryInvalid: the file is missing, unreadable or breaks the schema.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise DirectoryInvalid(path=path, problems=[f"cannot read it: {exc.strerror}"]) from exc
    return _cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int, size: int) -> Directory:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryInvalid(path=path, problems=[f"cannot read it as UTF-8: {exc}"]) from exc
    return parse_directory(text, path=path)
