"""The first text of a personalised programme (ППН), from the pair's data: its mentees'
situation, difficulties and requests (the requests recorded, the questionnaire's answers on
requests), the tasks of their development plans by month, and the template of the situation
(the organisation's own, or the library's): goals, forms of work, expected results, how
results are assessed."""

from django.utils.html import escape

from apps.pairs.models import Pair, PlanTask

from . import selectors
from .models import ProfessionalRequest, Situation, TeacherProfile

MONTHS = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]  # fmt: skip


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def draft(pair: Pair, *, situation: str | None = None) -> tuple[str, str, str]:
    """(title, HTML body, situation) of the pair's programme."""
    members = [m for m in pair.members.select_related("mentee") if m.left_at is None]
    mentees = [m.mentee for m in members]
    profiles = {p.participant_id: p for p in TeacherProfile.objects.filter(participant__in=mentees)}
    if situation not in Situation.values:
        situation = next(iter(profiles.values())).situation if profiles else Situation.YOUNG_SPECIALIST
    template = selectors.programme_template(pair.organization, situation)
    recorded = list(ProfessionalRequest.objects.filter(participant__in=mentees).select_related("participant"))
    requests = [f"{r.participant.short_name}: {r.text}" for r in recorded]
    # The questionnaire's requests not taken into the bank yet (a taken one is recorded above).
    taken = {(r.participant_id, r.text) for r in recorded}
    for mentee in mentees:
        requests += [
            f"{mentee.short_name}: {text}"
            for text in selectors.questionnaire_requests(mentee)
            if (mentee.pk, text) not in taken
        ]
    plan_goals = [m.plan.goals for m in members if hasattr(m, "plan") and m.plan.goals]
    tasks = PlanTask.objects.filter(plan__member__in=members).order_by("due_on", "pk")
    by_month: dict[str, list[str]] = {}
    for task in tasks:
        month = (
            f"{MONTHS[task.due_on.month - 1]} {task.due_on.year}" if task.due_on else "в течение программы"
        )
        by_month.setdefault(month, []).append(task.title)

    people = []
    for mentee in mentees:
        profile = profiles.get(mentee.pk)
        line = mentee.full_name
        if profile is not None:
            line += f" — {Situation(profile.situation).label}"
            if profile.position:
                line += f", {profile.position}"
            line += f", педагогический стаж {profile.experience_years} г."
        people.append(line)

    programme = pair.programme
    parts = [
        f"<p><strong>Наставник:</strong> {escape(pair.mentor.full_name)}</p>",
        "<p><strong>Наставляемые:</strong></p>" + _list(people),
        f"<p><strong>Срок реализации:</strong> с {programme.starts_on:%d.%m.%Y} "
        f"по {programme.ends_on:%d.%m.%Y}</p>",
        "<p><strong>1. Цель программы</strong></p>",
        f"<p>{escape(template['goals'])}</p>",
        *(f"<p>{escape(goal)}</p>" for goal in plan_goals),
        "<p><strong>2. Профессиональные затруднения и запросы наставляемого</strong></p>",
        _list(requests) if requests else "<p>Запросы уточняются по итогам анкетирования.</p>",
        "<p><strong>3. Содержание программы по месяцам</strong></p>",
    ]
    if by_month:
        rows = "".join(
            f"<tr><td>{escape(month)}</td><td>{'<br>'.join(escape(t) for t in titles)}</td></tr>"
            for month, titles in by_month.items()
        )
        parts.append(
            '<table class="grid"><thead><tr><th>Месяц</th><th>Содержание</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>Содержание по месяцам составляется на планирующей встрече пары.</p>")
    parts += [
        "<p><strong>4. Формы работы</strong></p>",
        _list(template["forms"]),
        "<p><strong>5. Ожидаемые результаты</strong></p>",
        _list(template["results"]),
        "<p><strong>6. Оценка результатов</strong></p>",
        f"<p>{escape(template['assessment'])}</p>",
    ]
    names = ", ".join(m.short_name for m in mentees)
    return f"{template['title']} ({names})" if names else template["title"], "".join(parts), situation
