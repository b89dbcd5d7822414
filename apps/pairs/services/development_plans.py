"""A mentee's individual development plan (индивидуальный план развития) in a pair: its
goals and its tasks, which the mentor ticks off."""

from django.db import transaction
from django.utils import timezone

from ..models import DevelopmentPlan, PairMentee, PlanTask


def _plan_of(member: PairMentee) -> DevelopmentPlan:
    plan, _created = DevelopmentPlan.objects.get_or_create(member=member)
    return plan


@transaction.atomic
def plan_set_goals(*, member: PairMentee, actor, goals: str) -> DevelopmentPlan:
    plan = _plan_of(member)
    plan.goals = goals
    plan.save(update_fields=["goals"])
    member.pair.log("pair.plan_changed", actor=actor, data={"mentee": member.mentee_id})
    return plan


@transaction.atomic
def plan_task_add(*, member: PairMentee, actor, title: str, due_on=None) -> PlanTask:
    task = PlanTask(plan=_plan_of(member), title=title, due_on=due_on)
    task.full_clean()
    task.save()
    member.pair.log(
        "pair.plan_changed", actor=actor, data={"mentee": member.mentee_id, "task_added": task.pk}
    )
    return task


@transaction.atomic
def plan_task_toggle(*, task: PlanTask, actor) -> PlanTask:
    task.done_on = None if task.done_on else timezone.localdate()
    task.save(update_fields=["done_on"])
    task.plan.member.pair.log(
        "pair.plan_changed", actor=actor, data={"task": task.pk, "done": bool(task.done_on)}
    )
    return task
