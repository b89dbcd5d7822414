"""Every URL pattern of the project, read from the resolver, so new views are walked too."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    kwargs: frozenset[str]

    @property
    def is_organization(self) -> bool:
        return "org_slug" in self.kwargs

    @property
    def is_committee(self) -> bool:
        return "municipality_slug" in self.kwargs

    @property
    def is_region(self) -> bool:
        return "region_slug" in self.kwargs


def project_routes(skip_namespaces=("admin",)) -> list[Route]:
    routes = []

    def walk(patterns, namespace_prefix, inherited_kwargs):
        for entry in patterns:
            kwargs = inherited_kwargs | set(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                if entry.namespace in skip_namespaces:
                    continue
                prefix = f"{namespace_prefix}{entry.namespace}:" if entry.namespace else namespace_prefix
                walk(entry.url_patterns, prefix, kwargs)
            elif isinstance(entry, URLPattern):
                if not entry.name:
                    raise AssertionError(f"URL pattern {entry.pattern} has no name: name it")
                routes.append(Route(f"{namespace_prefix}{entry.name}", frozenset(kwargs)))

    walk(get_resolver().url_patterns, "", set())
    return routes
