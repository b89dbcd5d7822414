"""An indicator's formula: a small arithmetic language over the portal's named counts.

    100 * pupils_involved / students

Numbers, the names of `counts.COUNTS`, + - * /, unary minus and parentheses; nothing else.
The text is parsed by Python's `ast` and walked here: no `eval`, no attribute, call, index or
comparison is ever run. A division by zero gives None («no data»), as a target with nothing
to measure does.
"""

import ast
import operator
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 300
MAX_NODES = 60
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def parse(text: str, names) -> ast.Expression:
    """The formula's tree, or a ValidationError naming what is not allowed."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a formula."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("The formula is too long."))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ValidationError(_("The formula cannot be read: check the brackets and the signs.")) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ValidationError(_("The formula is too long."))
    for node in nodes:
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise ValidationError(_("Unknown count «%(name)s».") % {"name": node.id})
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ValidationError(_("Only numbers and the names of counts may be used."))
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in OPERATORS:
                raise ValidationError(_("Only + − × / and brackets may be used."))
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise ValidationError(_("Only + − × / and brackets may be used."))
        elif not isinstance(node, ast.Expression | ast.Load | ast.operator | ast.unaryop):
            raise ValidationError(_("Only numbers and the names of counts may be used."))
    return tree


def evaluate(tree: ast.Expression, counts: dict[str, float]) -> float | None:
    """The value of a parsed formula for one set of counts; None where it divides by zero."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return counts.get(node.id, 0)
        if isinstance(node, ast.UnaryOp):
            value = walk(node.operand)
            return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return OPERATORS[type(node.op)](left, right)

    return walk(tree)


def names_in(tree: ast.Expression) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def in_words(text: str, labels: dict[str, str]) -> str:
    """«100 * student_mentors / students» as a committee reads it: each count by its label,
    «×» for «*»; a name that is not a count stays as written."""
    words = re.sub(r"[A-Za-z_]\w*", lambda m: f"«{labels[m[0]]}»" if m[0] in labels else m[0], text or "")
    return words.replace("*", "×")
