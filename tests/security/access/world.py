"""The objects and people the access walk needs, built once per module:
a relief case, a mutual-aid claim and a court referral at the county
federation (unit A), their tasks and documents, and for every role an
insider (unit A), a teammate (same role, same unit) and an outsider (same
role at a grassroots union, unit B; for members another member; for a
mediation the mediator it is not assigned to is the teammate).

``secrets``: strings of unit A's objects (case numbers, names, ID numbers)
that must not appear in anything a persona who may not see them is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from casework.core import documents
from casework.core.models import Case, Member, OrgUnit, UserProfile
from casework.core.roles import STAFF_ROLES
from casework.demo.seed import id_number_for, seed_member_login, seed_members, seed_org_and_users
from casework.legal.models import DutySlot
from tests.conftest import Api, application
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim, enroll, plan
from workflows import engine
from workflows.selectors import open_tasks_of

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# the seeded users of each role at the county: the insiders
INSIDERS = {
    "caseworker": "caseworker",
    "supervisor": "supervisor",
    "finance": "finance",
    "medical_reviewer": "medical_reviewer",
    "mediation_coordinator": "coordinator",
    "mediator": "mediator",
    "auditor": "auditor",
    "duty_lawyer": "lawyer",
}
# the seeded teammates and outsiders; the walk adds the others (walk_<role>_2, walk_<role>_b)
SEEDED_TEAMMATES = {"supervisor": "supervisor2", "mediator": "mediator2"}
SEEDED_OUTSIDERS = {"caseworker": "caseworker2"}
WORKER_NAME = "蒙保密"  # the mediation's worker: not a member, a name no one else has
DIAGNOSIS = "急性坏疽性阑尾炎伴穿孔"  # the claim's diagnosis: medical details
GROUPS = ("relief", "claim", "mediation", "member_a", "medical")
# who sees a claim's medical details (PROCESSES.md §2; casework.core.privacy)
MEDICAL_ROLES = ("caseworker", "medical_reviewer", "supervisor")


@dataclass(frozen=True)
class Persona:
    role: str
    place: str  # insider | teammate | outsider | anonymous
    user: User | None
    sees: frozenset[str]  # which of the secret groups this person may be shown

    @property
    def label(self) -> str:
        name = self.user.get_username() if self.user else "-"
        return f"{self.role}/{self.place}({name})"


@dataclass
class World:
    county: OrgUnit
    unit_b: OrgUnit
    users: dict[str, User]
    member_a: Member
    member_b: Member
    cases: dict[str, Case]  # relief, claim, mediation (unit A); relief_b (unit B)
    tasks: dict[str, int]  # relief (verify, claimed), claim (review), mediation (mediate)
    documents: dict[str, int]
    plan_id: int
    secrets: dict[str, list[str]]
    personas: dict[str, list[Persona]] = field(default_factory=dict)
    campaign_id: int = 0  # a county campaign; its list under review is cases["list"]
    recipient_id: int = 0
    slot_id: int = 0  # a duty slot of the county's roster

    def user(self, username: str) -> User:
        return self.users[username]


def _user(username: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.create(username=username, first_name=username, is_staff=role != "member")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    UserProfile.objects.create(user=user, org_unit=unit)
    return user


def _upload(name: str = "walk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 access walk", content_type="application/pdf")


def _member_a(members: list[Member], county: OrgUnit) -> Member:
    """A county member whose name no other member's or user's name contains."""
    names = [m.name for m in members]
    for member in members:
        if member.org_unit_id != county.pk:
            continue
        if sum(member.name in other for other in names) == 1:
            return member
    raise AssertionError("no county member with a name of its own")


def world_build() -> World:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        org = seed_org_and_users()
    users: dict[str, User] = dict(org["users"])
    county, unit_b = org["county"], org["grassroots"][0]
    members = seed_members([county, *org["grassroots"]], count=12)
    member_a = _member_a(members, county)
    member_b = next(m for m in members if m.org_unit_id == unit_b.pk)
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        users["member"] = seed_member_login(member_a, county)
    users["member_b"] = _user("walk_member_b", "member", unit_b)
    member_b.user = users["member_b"]
    member_b.save(update_fields=["user"])
    teammates, outsiders = dict(SEEDED_TEAMMATES), dict(SEEDED_OUTSIDERS)
    for role in STAFF_ROLES:
        if role not in teammates:
            teammates[role] = f"walk_{role}_2"
            users[teammates[role]] = _user(teammates[role], role, county)
        if role not in outsiders:
            outsiders[role] = f"walk_{role}_b"
            users[outsiders[role]] = _user(outsiders[role], role, unit_b)

    caseworker = Api(users["caseworker"])
    relief = caseworker.post("/api/relief/applications/", application(member_a))
    assert relief.status_code == 201, relief.json()
    relief_b = Api(users["caseworker2"]).post("/api/relief/applications/", application(member_b))
    assert relief_b.status_code == 201, relief_b.json()
    enroll(member_a)
    claimed = caseworker.post("/api/mutual-aid/claims/", claim(member_a, diagnosis=DIAGNOSIS))
    assert claimed.status_code == 201, claimed.json()
    worker = {
        "name": WORKER_NAME,
        "id_number": id_number_for(dt.date(1979, 6, 2), 77, female=False),
        "phone": "13700000077",
    }
    coordinator = Api(users["coordinator"])
    registered = coordinator.post("/api/mediation/referrals/", referral(worker=worker))
    assert registered.status_code == 201, registered.json()
    numbers = {
        "relief": relief.json()["case_number"],
        "claim": claimed.json()["case_number"],
        "mediation": registered.json()["case_number"],
        "relief_b": relief_b.json()["case_number"],
    }
    assigned = coordinator.complete(numbers["mediation"], "assign", "assign", mediator="mediator")
    assert assigned.status_code == 200, assigned.json()
    cases = {k: Case.objects.get(case_number=n) for k, n in numbers.items()}

    verify = open_tasks_of(cases["relief"].pk).get()
    engine.task_claim(verify, users["caseworker"])
    tasks = {
        "relief": verify.pk,
        "claim": open_tasks_of(cases["claim"].pk).get().pk,
        "mediation": open_tasks_of(cases["mediation"].pk).get().pk,
    }
    uploaders = {"relief": "caseworker", "claim": "caseworker", "mediation": "coordinator"}
    docs = {
        subject: documents.document_upload(
            case=cases[subject], actor=users[who], upload=_upload(), kind="other"
        ).pk
        for subject, who in uploaders.items()
    }
    world = World(
        county=county,
        unit_b=unit_b,
        users=users,
        member_a=member_a,
        member_b=member_b,
        cases=cases,
        tasks=tasks,
        documents=docs,
        plan_id=plan().pk,
        secrets={
            "relief": [numbers["relief"]],
            "claim": [numbers["claim"]],
            "mediation": [numbers["mediation"], WORKER_NAME, worker["id_number"]],
            "member_a": [member_a.name, member_a.id_number],
            "medical": [DIAGNOSIS],
        },
    )
    world.personas = _personas(users, teammates, outsiders)
    _campaign_and_list(world)
    consulted = Api(users["caseworker"]).post(
        "/api/legal/consultations/",
        {
            "channel": "visit",
            "visitor": {"name": member_a.name},
            "member": member_a.pk,
            "category": "wages",
            "facts": "access walk",
            "advice": "access walk",
            "outcome": "answered",
        },
    )
    assert consulted.status_code == 201, consulted.json()
    world.cases["consultation"] = Case.objects.get(case_number=consulted.json()["case_number"])
    world.slot_id = DutySlot.objects.create(
        org_unit=county,
        date=dt.date.today() - dt.timedelta(days=1),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place="县职工服务中心",
        lawyer="韦律师",
        created_by=users["supervisor"],
    ).pk
    return world


def _campaign_and_list(world: World) -> None:
    """A county campaign and a list of the county's under review, member_a on it."""
    today = dt.date.today()
    created = Api(world.users["supervisor"]).post(
        "/api/campaigns/",
        {
            "kind": "winter_warmth",
            "year": today.year,
            "title": "送温暖 (walk)",
            "org_unit": world.county.pk,
            "budget": "10000.00",
            "opens_on": (today - dt.timedelta(days=5)).isoformat(),
            "closes_on": (today + dt.timedelta(days=5)).isoformat(),
            "tiers": [{"code": "hard", "label": "困难", "cash": "500.00"}],
        },
    )
    assert created.status_code == 201, created.json()
    world.campaign_id = created.json()["id"]
    listed = Api(world.users["caseworker"]).post(
        f"/api/campaigns/{world.campaign_id}/lists/",
        {
            "org_unit": world.county.pk,
            "recipients": [{"member": world.member_a.pk, "tier": "hard"}],
        },
    )
    assert listed.status_code == 201, listed.json()
    world.cases["list"] = Case.objects.get(case_number=listed.json()["case_number"])
    world.tasks["list"] = open_tasks_of(world.cases["list"].pk).get().pk  # its review
    world.recipient_id = listed.json()["data"]["recipients"][0]["id"]


def _personas(
    users: dict[str, User], teammates: dict[str, str], outsiders: dict[str, str]
) -> dict[str, list[Persona]]:
    in_scope = frozenset({"relief", "claim", "member_a"})
    personas: dict[str, list[Persona]] = {}
    for role in STAFF_ROLES:
        reads_mediation = role in ("mediation_coordinator", "auditor")
        medical = {"medical"} if role in MEDICAL_ROLES else set()
        # the duty lawyer: consultations and the member search, no program's cases
        scope = frozenset({"member_a"}) if role == "duty_lawyer" else in_scope
        insider = scope | medical
        insider |= {"mediation"} if role == "mediator" or reads_mediation else set()
        teammate = scope | medical | ({"mediation"} if reads_mediation else set())
        personas[role] = [
            Persona(role, "insider", users[INSIDERS[role]], insider),
            Persona(role, "teammate", users[teammates[role]], teammate),
            Persona(role, "outsider", users[outsiders[role]], frozenset()),
        ]
    personas["member"] = [
        Persona("member", "insider", users["member"], in_scope | {"medical"}),
        Persona("member", "outsider", users["member_b"], frozenset()),
    ]
    personas["anonymous"] = [Persona("anonymous", "anonymous", None, frozenset())]
    return personas


def sees_object(persona: Persona, subject: str) -> bool:
    """Whether the persona may see the object the URL points at (its answer
    is then about the action; otherwise 404)."""
    if persona.user is None:
        return False
    if subject in ("-", "plan", "param"):
        return True
    if subject in ("export", "notification"):
        return persona.place == "insider"
    if subject == "slot":  # the roster of the county: its staff
        return persona.role != "member" and persona.place != "outsider"
    if subject == "campaign":  # the units below the campaign's see it: they nominate
        return persona.role not in ("member", "duty_lawyer")
    if persona.role == "duty_lawyer" and subject not in ("member", "consultation"):
        return False  # no program's case but consultations
    if persona.place == "outsider":
        return False
    if subject == "mediation":
        return persona.place == "insider" or persona.role in ("mediation_coordinator", "auditor")
    return persona.role != "member" or persona.place == "insider"


__all__ = ["GROUPS", "Persona", "World", "sees_object", "world_build"]
