"""The default indicator set: the federal methodology of the target model of mentoring.

Sources (checked on 06.12.2026):
- Распоряжение Минпросвещения России от 25.12.2019 № Р-145 «Об утверждении методологии
  (целевой модели) наставничества обучающихся для организаций, осуществляющих образовательную
  деятельность по общеобразовательным, дополнительным общеобразовательным и программам
  среднего профессионального образования…», section 3 «Ожидаемые результаты внедрения целевой
  модели наставничества» (text: https://sudact.ru/law/rasporiazhenie-minprosveshcheniia-rossii-ot-25122019-n-r-145/prilozhenie/3/);
  its indicators of effectiveness: by 2024 at least 70 % of the pupils of general education
  organisations involved in the various forms of mentoring and support;
- Письмо Минпросвещения России от 23.01.2020 № МР-42/02 «О направлении целевой модели
  наставничества и методических рекомендаций» (the methodological recommendations: monitoring
  of the programme's quality and of its influence on the participants);
- Распоряжение Правительства РФ от 21.05.2025 № 1264-р (the concept of developing mentoring
  to 2030), which keeps the model.
The targets of the organisations' roadmaps (seeds 002, 004; `monitoring.targets`) complete
the set. A region edits its copy: its own regulation (e.g. Udmurtia's № 570 of 08.04.2022)
names its own indicators.
"""

from django.utils.translation import gettext_lazy as _

TITLE = "Мониторинг внедрения целевой модели наставничества (методология Р-145)"
BASIS = (
    "Распоряжение Минпросвещения России от 25.12.2019 № Р-145; "
    "письмо Минпросвещения России от 23.01.2020 № МР-42/02 (методические рекомендации)"
)

# (code, label, formula, unit, period, target)
INDICATORS = [
    (
        "1",
        "Доля обучающихся, вовлечённых в различные формы наставничества",
        "100 * pupils_involved / students",
        "percent",
        "year",
        70,
    ),
    (
        "2",
        "Доля обучающихся — наставников от общего числа обучающихся",
        "100 * student_mentors / students",
        "percent",
        "quarter",
        10,
    ),
    (
        "3",
        "Доля педагогов — наставников от общего числа педагогов",
        "100 * teacher_mentors / teachers",
        "percent",
        "quarter",
        10,
    ),
    (
        "4",
        "Доля молодых специалистов (стаж 0–3 года), закреплённых за наставником",
        "100 * young_specialists_with_mentor / young_specialists",
        "percent",
        "year",
        100,
    ),
    (
        "5",
        "Доля участников программ, включённых в пары и группы",
        "100 * enrolled_in_pairs / enrolled",
        "percent",
        "quarter",
        100,
    ),
    (
        "6",
        "Доля участников с согласием на обработку персональных данных",
        "100 * participants_with_consent / participants",
        "percent",
        "quarter",
        100,
    ),
    (
        "7",
        "Выполнение индивидуальных планов развития",
        "100 * plan_tasks_done / plan_tasks",
        "percent",
        "quarter",
        90,
    ),
    (
        "8",
        "Доля пар и групп, участвовавших в итоговом мероприятии",
        "100 * pairs_final / pairs",
        "percent",
        "year",
        90,
    ),
    (
        "9",
        "Мероприятия дорожных карт, выполненные в срок",
        "100 * activities_on_time / activities_due",
        "percent",
        "quarter",
        100,
    ),
    (
        "10",
        "Число образовательных организаций, реализующих целевую модель",
        "organizations",
        "number",
        "quarter",
        None,
    ),
]

# The label of the set's layout names no person; kept here for the demo and the tests.
DEFAULT_LAYOUT = "indicators"
DESCRIPTION = _("The federal methodology (Р-145 of 25.12.2019 and the recommendations МР-42/02).")
