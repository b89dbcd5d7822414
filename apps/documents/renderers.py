"""Which template renders each kind of document, and who may download it.

An app registers its kinds in its AppConfig.ready():

    @register("roadmap", permission="roadmap.view")
    def render_roadmap(roadmap) -> Rendered: ...
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    template_name: str
    context: dict
    filename: str
    archival: bool = False
    # A zip of single PDFs instead of one PDF: (anchor id, file name) per part, in page order;
    # each part runs from the page holding its anchor to the next part's (letters in bulk).
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DocumentKind:
    name: str
    permission: str
    build: Callable  # subject -> Rendered


KINDS: dict[str, DocumentKind] = {}


def register(name: str, *, permission: str):
    def decorate(build):
        KINDS[name] = DocumentKind(name, permission, build)
        return build

    return decorate
