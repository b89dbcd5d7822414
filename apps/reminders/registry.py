"""The registry of reminder kinds: what each reminds of, to whom, and how it is found.

Each kind is a function that receives one tenant on one local day (`TenantDay`) and
returns its `Reminder`s, each with its recipients. A kind reads its tenant with a
handful of SQL queries whatever the number of people or rows: recipients come from
the tenant's members loaded once, never from a query per person.

The kinds live in apps/reminders/kinds/, one module per family; RemindersConfig.ready()
loads them in the order of the settings page and of the digest's sections.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from apps.organizations.models import Municipality, Organization
from apps.organizations.scoping import tenant_url

# Activities are reminded of from this many days before their deadline, planned meetings before their day.
DAYS_AHEAD = 7

# The role of committee members in a municipality's own roadmap (Responsible.role).
COMMITTEE = "committee"


@dataclass
class TenantDay:
    """An organisation, or a municipality for its committee's own roadmap, on its local day."""

    owner: Organization | Municipality
    today: date
    # role -> ids of the active users holding it; a municipality has the one role "committee".
    members: dict[str, set[int]] = field(default_factory=dict)

    @property
    def is_organization(self) -> bool:
        return isinstance(self.owner, Organization)

    @cached_property
    def member_ids(self) -> set[int]:
        return set().union(*self.members.values())

    def role(self, role: str) -> set[int]:
        return self.members.get(role, set())

    def url(self, name: str, **kwargs) -> str:
        return tenant_url(self.owner, name, **kwargs)


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str  # what it is about, e.g. "activity:12": one notification per thing and day
    title: str
    body: str
    # recipient user id -> the page it opens for them (a mentor's and a curator's differ).
    recipients: dict[int, str]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # the settings page (English msgid)
    description: str  # who receives it and when (English msgid)
    heading_ru: str  # the digest's section heading (the PDF is Russian)
    compute: Callable[[TenantDay], Iterable[Reminder]]
    for_committees: bool = False


KINDS: dict[str, Kind] = {}


def register(code, *, label, description, heading_ru, for_committees=False):
    def decorator(function):
        KINDS[code] = Kind(code, label, description, heading_ru, function, for_committees)
        return function

    return decorator


def kind_choices() -> list[tuple[str, str]]:
    """Choices of the models' `kind` fields (a callable: migrations do not copy the labels)."""
    return [(kind.code, kind.label) for kind in KINDS.values()]


def kinds_for(tenant: TenantDay) -> list[Kind]:
    return [k for k in KINDS.values() if tenant.is_organization or k.for_committees]
