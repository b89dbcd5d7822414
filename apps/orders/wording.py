"""The language of an order kind's wording (OrderTemplate), which curators edit.

It is Django's template syntax cut down to what an order needs: the variables listed in
VARIABLES (what `services.order_context` gives), the tags in TAGS and the filters in FILTERS.
Everything else — {% load %}, {% include %}, {% debug %}, width-taking filters such as ljust,
attributes of the values (`name.upper`), a loop over a text — is refused by name when the
wording is saved and again whenever it is rendered, so a wording saved before these rules
cannot hang a worker either. Rendering counts its work (loop turns and pieces rendered) and its
output, and stops at MAX_STEPS and MAX_OUTPUT_CHARS."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Library, Node, Template, defaultfilters, defaulttags
from django.template.base import Lexer, Parser, TextNode, Variable, VariableNode
from django.template.defaulttags import (
    CommentNode,
    FirstOfNode,
    ForNode,
    IfNode,
    NowNode,
    TemplateLiteral,
    WithNode,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_WORDING_CHARS = 50_000  # the portal's longest default wording is about 6,000
MAX_OUTPUT_CHARS = 500_000  # a pairs order of 1,000 pairs is about 350,000
MAX_STEPS = 100_000  # loop turns and pieces rendered; 1,000 pairs of 3 mentees take about 25,000


@dataclass(frozen=True, eq=False)
class Items:
    """A list of the portal's data. `item` is the name the documentation gives one element
    («{% for pair in pairs %}»); `fields` describes an element: a dict of its fields, or the
    description of a plain value such as a mentee's name."""

    item: str
    description: str
    fields: object


PAIR_MENTEES = Items("mentee", gettext_lazy("the pair's mentees, a list"), gettext_lazy("a mentee's name"))

# What an order's wording may name: a dict is a group of fields, a string describes a value.
VARIABLES = {
    "organization": {
        "full_name": gettext_lazy("full name of the organisation"),
        "short_name": gettext_lazy("short name of the organisation"),
        "director_name": gettext_lazy("the director's name"),
        "address": gettext_lazy("the organisation's address"),
    },
    "order": {
        "number": gettext_lazy("the order's number, once it is approved"),
        "date": gettext_lazy("the order's date, once it is approved"),
        "title": gettext_lazy("the order's title"),
    },
    "year": gettext_lazy("the academic year, e.g. 2025/2026"),
    "curator": {
        "full_name": gettext_lazy("the curator's full name"),
        "short_name": gettext_lazy("the curator's surname and initials"),
        "position": gettext_lazy("the curator's position, as the draft gives it"),
    },
    "roadmap": {
        "title": gettext_lazy("the roadmap's title"),
        "period": gettext_lazy("the roadmap's period"),
    },
    "programme": {
        "title": gettext_lazy("the programme's title"),
        "form": gettext_lazy("the programme's form of mentoring"),
        "starts_on": gettext_lazy("the programme's first day"),
        "ends_on": gettext_lazy("the programme's last day"),
    },
    "pairs": Items(
        "pair",
        gettext_lazy("the pairs of the order, a list"),
        {
            "mentor": gettext_lazy("the mentor's name"),
            "mentees": PAIR_MENTEES,
            "form": gettext_lazy("the pair's form of mentoring"),
            "programme": gettext_lazy("the pair's programme"),
        },
    ),
    "sessions": Items(
        "session",
        gettext_lazy("the sessions of «Школа наставников», a list"),
        {"date": gettext_lazy("the session's date"), "topic": gettext_lazy("the session's topic")},
    ),
    "people": Items(
        "person",
        gettext_lazy("the people to reward, a list"),
        {"name": gettext_lazy("the person's name"), "role": gettext_lazy("the person's role")},
    ),
    "event": {
        "date": gettext_lazy("the date of the event"),
        "place": gettext_lazy("the place of the event"),
    },
}
TOP_LISTS = tuple(value for value in VARIABLES.values() if isinstance(value, Items))
FORLOOP = {
    "counter": gettext_lazy("the number of the turn, from 1"),
    "counter0": "",
    "revcounter": "",
    "revcounter0": "",
    "first": gettext_lazy("true on the first turn"),
    "last": gettext_lazy("true on the last turn"),
}
FORLOOP["parentloop"] = FORLOOP
CONSTANTS = {"True", "False", "None"}

register = Library()
TAGS = {
    "comment": defaulttags.comment,
    "firstof": defaulttags.firstof,
    "for": defaulttags.do_for,
    "if": defaulttags.do_if,
    "now": defaulttags.now,
    "with": defaulttags.do_with,
}
# The words inside the tags above: out of place, they are a syntax error, not a refused tag.
TAG_WORDS = {*TAGS, "elif", "else", "endif", "empty", "endfor", "endwith", "endcomment"}


def _join(value, arg, autoescape=True):
    """join, refused before it builds a text longer than an order may be."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    length = sum(len(str(item)) for item in items) + len(str(arg)) * max(len(items) - 1, 0)
    if length > MAX_OUTPUT_CHARS:
        raise _too_long()
    return defaultfilters.join(items, arg, autoescape=autoescape)


# Each of these makes a text at most a few times longer than its input; the width-taking
# ones (ljust, center, truncatechars, floatformat…) and add are not among them.
FILTERS = {
    "capfirst": defaultfilters.capfirst,
    "cut": defaultfilters.cut,
    "default": defaultfilters.default,
    "default_if_none": defaultfilters.default_if_none,
    "first": defaultfilters.first,
    "join": _join,
    "last": defaultfilters.last,
    "length": defaultfilters.length,
    "linebreaksbr": defaultfilters.linebreaksbr,
    "lower": defaultfilters.lower,
    "pluralize": defaultfilters.pluralize,
    "slice": defaultfilters.slice_filter,
    "title": defaultfilters.title,
    "upper": defaultfilters.upper,
    "yesno": defaultfilters.yesno,
}
for _name, _tag in TAGS.items():
    register.tag(_name, _tag)
for _name, _filter in FILTERS.items():
    if _filter is _join:
        register.filter(_name, _filter, is_safe=True, needs_autoescape=True)
    else:
        register.filter(_name, _filter)

ENGINE = Engine(libraries={}, loaders=[], autoescape=True, debug=False)
ENGINE.template_builtins = [register]  # in place of Django's own tags and filters


def _too_long() -> ValidationError:
    return ValidationError(
        _("The order would be too long: more than %(limit)d characters.") % {"limit": MAX_OUTPUT_CHARS}
    )


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


class _Parser(Parser):
    """Django's parser, refusing by name a tag or filter that is not on the lists."""

    def invalid_block_tag(self, token, command, parse_until=None):
        if command not in TAG_WORDS:
            raise ValidationError(
                _("The tag «{%% %(name)s %%}» is not available in the wording of an order. Tags: %(tags)s.")
                % {"name": _shown(command), "tags": ", ".join(sorted(TAGS))}
            )
        super().invalid_block_tag(token, command, parse_until)

    def find_filter(self, filter_name):
        if filter_name not in self.filters:
            raise ValidationError(
                _("The filter «%(name)s» is not available in the wording of an order. Filters: %(filters)s.")
                % {"name": _shown(filter_name), "filters": ", ".join(sorted(FILTERS))}
            )
        return self.filters[filter_name]


class Wording(Template):
    """A template parsed by `_Parser` (Django's own builds its parser inline)."""

    def compile_nodelist(self):
        parser = _Parser(
            Lexer(self.source).tokenize(),
            self.engine.template_libraries,
            self.engine.template_builtins,
            self.origin,
        )
        nodelist = parser.parse()
        self.extra_data = parser.extra_data
        return nodelist


class _Budget:
    """The work and output of one rendering."""

    def __init__(self):
        self.steps = 0
        self.chars = 0

    def spend(self, steps: int = 0, chars: int = 0) -> None:
        self.steps += steps
        self.chars += chars
        if self.steps > MAX_STEPS:
            raise ValidationError(
                _(
                    "The wording repeats too much: with this order's data its loops take more than "
                    "%(limit)d steps."
                )
                % {"limit": MAX_STEPS}
            )
        if self.chars > MAX_OUTPUT_CHARS:
            raise _too_long()


def _budget(context) -> _Budget:
    if "wording_budget" not in context.__dict__:
        context.wording_budget = _Budget()
    return context.wording_budget


# Nodes whose output is text of their own; the others only join their children's.
LEAVES = (TextNode, VariableNode, FirstOfNode, NowNode)


class _Counted(Node):
    """A node of the wording that counts a step and, for a leaf, the length of its text."""

    child_nodelists = ()

    def __init__(self, node):
        self.node, self.token, self.origin = node, node.token, node.origin

    def render(self, context):
        budget = _budget(context)
        budget.spend(steps=1)
        text = self.node.render_annotated(context)
        if isinstance(self.node, LEAVES):
            budget.spend(chars=len(text))
        return text


class _CountedSequence:
    """The list a loop goes over, counting a step for each of its turns before they run."""

    def __init__(self, expression):
        self.expression = expression

    def resolve(self, context, ignore_failures=False):
        values = self.expression.resolve(context, ignore_failures=ignore_failures)
        if values is not None:
            if not hasattr(values, "__len__"):
                values = list(values)
            _budget(context).spend(steps=len(values))
        return values

    def __str__(self):
        return str(self.expression)


class _Reader:
    """Walks a parsed wording: every name must be documented, every loop go over a list once,
    and every node is made to count its work."""

    def __init__(self):
        self.problems: list[str] = []

    def refuse(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def nodelist(self, nodelist, scope: dict, loops: tuple) -> None:
        for index, node in enumerate(nodelist):
            self.node(node, scope, loops)
            nodelist[index] = _Counted(node)

    def node(self, node, scope: dict, loops: tuple) -> None:
        if isinstance(node, TextNode | CommentNode):
            return
        if isinstance(node, VariableNode):
            self.expression(node.filter_expression, scope)
        elif isinstance(node, IfNode):
            for condition, body in node.conditions_nodelists:
                self.condition(condition, scope)
                self.nodelist(body, scope, loops)
        elif isinstance(node, ForNode):
            self.loop(node, scope, loops)
        elif isinstance(node, WithNode):
            inner = dict(scope)
            for name, expression in node.extra_context.items():
                inner[name] = self.expression(expression, scope)
            self.nodelist(node.nodelist, inner, loops)
        elif isinstance(node, FirstOfNode | NowNode):
            for expression in getattr(node, "vars", ()):
                self.expression(expression, scope)
            if node.asvar:
                scope[node.asvar] = None
        else:  # not reachable with the tags above; refused should one be added carelessly
            self.refuse(_("This wording uses a tag that orders do not allow."))

    def loop(self, node: ForNode, scope: dict, loops: tuple) -> None:
        items = self.expression(node.sequence, scope)
        shown = _shown(node.sequence.token)
        if not isinstance(items, Items):
            self.refuse(
                _(
                    "«{%% for %%}» goes over a list of the order's data (pairs, sessions, people, "
                    "a pair's mentees), not over «%(name)s»."
                )
                % {"name": shown}
            )
        elif loops and (any(items is top for top in TOP_LISTS) or any(items is loop for loop in loops)):
            self.refuse(
                _(
                    "«%(name)s» cannot be gone over inside another loop: only the outer item's own "
                    "list can (such as pair.mentees inside the pairs)."
                )
                % {"name": shown}
            )
        inner = dict(scope, forloop=FORLOOP)
        for name in node.loopvars:
            inner[name] = items.fields if isinstance(items, Items) and len(node.loopvars) == 1 else None
        self.nodelist(node.nodelist_loop, inner, (*loops, items))
        self.nodelist(node.nodelist_empty, scope, loops)
        node.sequence = _CountedSequence(node.sequence)

    def condition(self, condition, scope: dict) -> None:
        if condition is None:
            return
        if isinstance(condition, TemplateLiteral):
            self.expression(condition.value, scope)
            return
        self.condition(getattr(condition, "first", None), scope)
        self.condition(getattr(condition, "second", None), scope)

    def expression(self, expression, scope: dict):
        """Check the names an expression uses; return what its value is (a group, a list…)."""
        described = None
        if isinstance(expression.var, Variable) and expression.var.lookups is not None:
            described = self.lookup(expression.var.lookups, scope)
        for function, arguments in expression.filters:
            for is_variable, argument in arguments:
                if is_variable and argument.lookups is not None:
                    self.lookup(argument.lookups, scope)
            name = getattr(function, "_filter_name", "")
            if name in ("first", "last"):
                described = described.fields if isinstance(described, Items) else None
            elif name not in ("slice", "default", "default_if_none"):
                described = None
        return described

    def lookup(self, bits: tuple, scope: dict):
        head, *rest = bits
        if head in CONSTANTS and not rest:
            return None
        described = scope.get(head, _UNKNOWN)
        for bit in rest:
            if isinstance(described, dict) and bit in described:
                described = described[bit]
            elif isinstance(described, Items) and bit.isdigit():
                described = described.fields
            else:
                described = _UNKNOWN
                break
        if described is _UNKNOWN:
            self.refuse(
                _(
                    "«%(name)s» is not among the data an order's wording may name (see the list on "
                    "the wording's page)."
                )
                % {"name": _shown(".".join(bits))}
            )
            return None
        return described


_UNKNOWN = object()


def compile_wording(text: str) -> Wording:
    """The wording parsed and checked, ready to render; ValidationError names what is refused."""
    if len(text) > MAX_WORDING_CHARS:
        raise ValidationError(
            _("The wording is too long: at most %(limit)d characters.") % {"limit": MAX_WORDING_CHARS}
        )
    reader = _Reader()
    try:
        wording = Wording(text, engine=ENGINE)
        reader.nodelist(wording.nodelist, dict(VARIABLES), ())
    except RecursionError:
        raise ValidationError(_("The wording nests its tags too deeply.")) from None
    if reader.problems:
        raise ValidationError(reader.problems)
    return wording


def check(text: str) -> None:
    compile_wording(text)


def render(text: str, data: dict) -> str:
    """The wording written out with the order's data (plain strings, lists and dicts)."""
    context = Context(data, autoescape=True)
    context.wording_budget = _Budget()
    try:
        return compile_wording(text).render(context)
    except RecursionError:
        raise ValidationError(_("The wording nests its tags too deeply.")) from None


def variable_rows() -> list[tuple[str, str]]:
    """The documented names with what each holds, for the wording's page."""
    rows = []

    def add(prefix: str, described) -> None:
        if isinstance(described, dict):
            for name, inner in described.items():
                add(f"{prefix}.{name}", inner)
        elif isinstance(described, Items):
            rows.append((prefix, str(described.description)))
            if isinstance(described.fields, dict):
                for name, inner in described.fields.items():
                    add(f"{described.item}.{name}", inner)
        else:
            rows.append((prefix, str(described)))

    for name, described in VARIABLES.items():
        add(name, described)
    return rows


def variable_names() -> list[str]:
    return [name for name, _description in variable_rows()]


def reference() -> dict:
    """What the wording's page tells a curator about the language."""
    return {
        "variables": variable_rows(),
        "loop": [
            (f"forloop.{name}", str(text)) for name, text in FORLOOP.items() if text and text is not FORLOOP
        ],
        "tags": sorted(TAGS),
        "filters": sorted(FILTERS),
        "max_wording_chars": MAX_WORDING_CHARS,
        "max_output_chars": MAX_OUTPUT_CHARS,
    }
