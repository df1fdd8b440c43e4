"""Who is looking at the web pages: one candidate group and a person's name.

The diagrams address candidate groups (``bank:GZRCB``, ``township:YEPING``, ``finance``,
``poverty-office``, ``financial-bureau``, ``city-government``, ``prefecture``; see
docs/processes.md). A web user acts for exactly one of them, so the tasklist can show the tasks
offered to that group and nothing else. The identity is written ``<group>/<name>``, e.g.
``bank:GZRCB/李``: the fronting proxy sends it in ``X-User`` (or, as the JSON API takes it, a plain
``X-User`` with ``X-Role``/``X-Org``), and in dev mode the identity chooser keeps it in a cookie.

Ops pages (the Operate-like view) are open to the city offices, which see every loan
(DESIGN §4); the commands there (retrying a failed job) belong to 市金融局, the process owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from services.errors import ValidationFailed
from services.loans.scoping import Principal, Role

OFFICE_GROUPS: dict[str, str] = {
    "finance": "市财政局",
    "poverty-office": "市扶贫办",
    "financial-bureau": "市金融局",
    "city-government": "市政府",
    "prefecture": "赣州市扶贫办、财政局",
}
"""The groups that are one office each, with the office's name."""

CITY_OFFICES = frozenset({"finance", "poverty-office", "financial-bureau", "city-government"})
OPS_VIEWERS = CITY_OFFICES
"""Groups that may open the ops pages (read only)."""
OPS_OPERATORS = frozenset({"financial-bureau"})
"""Groups that may act on the ops pages (retry a failed job)."""

_ORG_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_NAME_MAX = 32


@dataclass(frozen=True, slots=True)
class WebUser:
    """A person acting for one candidate group."""

    group: str
    name: str

    @property
    def actor(self) -> str:
        """How the user appears in the audit log and as a task's assignee: ``bank:GZRCB/李``."""
        return f"{self.group}/{self.name}"

    @property
    def groups(self) -> frozenset[str]:
        """The candidate groups whose tasks this user may see and complete."""
        return frozenset({self.group})

    @property
    def principal(self) -> Principal:
        """The same person as the loan registry's scoping sees them."""
        kind, _, org = self.group.partition(":")
        if kind == "bank":
            return Principal(user=self.name, role=Role.BANK, org=org)
        if kind == "township":
            return Principal(user=self.name, role=Role.TOWNSHIP, org=org)
        if self.group == "prefecture":
            return Principal(user=self.name, role=Role.PREFECTURE)
        return Principal(user=self.name, role=Role.CITY)

    @property
    def may_view_ops(self) -> bool:
        return self.group in OPS_VIEWERS

    @property
    def may_operate(self) -> bool:
        return self.group in OPS_OPERATORS


def check_group(group: str) -> str:
    """Return ``group`` if it is a known candidate group.

    Raises:
        ValidationFailed: anything else, naming the accepted forms.
    """
    if group in OFFICE_GROUPS:
        return group
    kind, sep, org = group.partition(":")
    if sep and kind in ("bank", "township") and _ORG_CODE.match(org):
        return group
    raise ValidationFailed(
        f"unknown group {group!r}: use bank:<code>, township:<code> or one of {', '.join(OFFICE_GROUPS)}",
        field="group",
    )


def check_name(name: str) -> str:
    """Return the trimmed ``name`` if it is usable as a person's name.

    Raises:
        ValidationFailed: empty, longer than 32 characters, or holding control characters or ``/``.
    """
    trimmed = name.strip()
    if not trimmed or len(trimmed) > _NAME_MAX or "/" in trimmed or not trimmed.isprintable():
        raise ValidationFailed(f"a user name needs 1 to {_NAME_MAX} printable characters", field="name")
    return trimmed


def parse_user(text: str) -> WebUser:
    """Parse ``<group>/<name>``, e.g. ``bank:GZRCB/李`` or ``finance/王``.

    Raises:
        ValidationFailed: a malformed identity, naming what is wrong.
    """
    group, sep, name = text.strip().partition("/")
    if not sep:
        raise ValidationFailed(f"expected <group>/<name>, got {text!r}", field="X-User")
    return WebUser(group=check_group(group.strip()), name=check_name(name))


def header_text(raw: str) -> str:
    """Undo the transport encoding of a header or cookie value.

    HTTP carries header bytes that servers decode as Latin-1; a proxy that sends UTF-8 (``李``)
    arrives as mojibake, so it is decoded again. Percent-encoding (``%E6%9D%8E``) is accepted too.
    """
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        text = raw
    return unquote(text)


def from_headers(x_user: str, x_role: str | None = None, x_org: str | None = None) -> WebUser:
    """The web user the fronting proxy asserts.

    ``X-User: bank:GZRCB/李`` names group and person at once. A plain ``X-User`` takes the group
    from ``X-Role`` and ``X-Org`` as the JSON API does; for the role CITY, ``X-Org`` names the
    office (``finance``, ``poverty-office``, ``financial-bureau`` or ``city-government``).

    Raises:
        ValidationFailed: the headers do not name one known group and a person.
    """
    user = header_text(x_user)
    if "/" in user:
        return parse_user(user)
    if not x_role:
        raise ValidationFailed("X-User must be <group>/<name>, or come with X-Role", field="X-User")
    role = x_role.strip().upper()
    org = header_text(x_org).strip() if x_org else ""
    groups = {"BANK": f"bank:{org}", "TOWNSHIP": f"township:{org}", "PREFECTURE": "prefecture"}
    if role == "CITY":
        if org not in CITY_OFFICES:
            raise ValidationFailed(
                f"role CITY needs X-Org naming the office: one of {', '.join(sorted(CITY_OFFICES))}",
                field="X-Org",
            )
        return WebUser(group=org, name=check_name(user))
    if role not in groups:
        raise ValidationFailed(f"unknown role {x_role!r}", field="X-Role")
    return WebUser(group=check_group(groups[role]), name=check_name(user))
