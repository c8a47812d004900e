"""Every page every demo role can reach, in 简体中文 and in English, speaks
one language and shows no raw code.

The walk starts at the menu, follows every link of the site (cases, tasks,
members, the member's own pages, the charts they embed), and reads the text
a person sees (no script, style or hidden input; the language switch, marked
with its own ``lang``, aside). A page fails on a code (``awaiting_supplement``,
``NOT_APPLICABLE``, ``generated:approval_form``), on an English word on a
Chinese page, and on Chinese on an English page once what people typed
(names, units, notes, hospitals) is set aside. Every offender of every page
is reported at once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve
from viewflow.workflow.models import Task

from casework.core.masking import mask_name
from casework.core.models import Case, Member
from casework.demo.people import USERS
from casework.demo.seed import seed_demo

ROLES = [username for username, *_ in USERS] + ["member"]
LANGUAGES = ("zh-hans", "en")

# not followed: the API, files, the language switch and log-out, the admin
SKIPPED = ("/api/", "/static/", "/media/", "/i18n/", "/accounts/logout", "/admin/")
# how many pages of one kind one role reads: a case page per program and
# status, a task page per step and state (``variety``); of any other address
# pattern a few, and a few of its variants (sorting, filters, paging)
PER_VARIETY = 1
PER_KIND = 6
PER_QUERY_KIND = 2

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{3,}(?![A-Za-z0-9_])")
# words that are the same in both languages
ALLOWED_WORDS = {"PDF", "XLSX", "CSV", "SVG", "URL", "ID", "Excel", "YYYY"}
# file types, as the upload fields list them
ALLOWED_WORDS |= {"pdf", "jpg", "jpeg", "png", "gif", "doc", "docx", "xls", "xlsx", "txt", "csv"}
CODE = re.compile(
    r"(?<![\w.@/-])(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
    r"|generated:\w+)(?![\w@/-])"
)
# what is not wording: e-mail addresses, web addresses, file names, case numbers
NOT_WORDING = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|https?://\S+"
    r"|[^\s/]+\.(?:pdf|png|jpe?g|gif|webp|xlsx|docx?|txt|svg)\b"
    r"|\b[A-Z]{2}-\d{4}-\d+\b"
    # a reference someone typed: capitals and figures joined by dashes
    r"|(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])",
    re.IGNORECASE,
)


@dataclass
class Offence:
    language: str
    role: str
    url: str
    kind: str
    text: str


class VisibleText(HTMLParser):
    """The text of a page as a person reads it: element text, and the
    placeholder, title, alt, aria-label and button values; not what is in
    script, style, template or a hidden input, nor an icon font's ligature,
    nor an element marked as another language than the page's (the
    language switch)."""

    SILENT = {"script", "style", "template", "noscript"}
    SHOWN_ATTRS = ("placeholder", "title", "alt", "aria-label")

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language.split("-")[0]
        self.chunks: list[str] = []
        self.links: list[str] = []
        self._silent: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in ("a", "link") and tag == "a" and attr.get("href"):
            self.links.append(attr["href"])
        if tag in ("img", "object", "iframe", "embed") and (attr.get("src") or attr.get("data")):
            self.links.append(attr.get("src") or attr.get("data") or "")
        if self._silent:
            if tag == self._silent[-1]:
                self._silent.append(tag)
            return
        lang = attr.get("lang", "").split("-")[0].lower()
        icon = "material-icons" in attr.get("class", "").split()  # a ligature: drawn, not read
        if tag in self.SILENT or icon or (lang and tag != "html" and lang != self.language):
            self._silent.append(tag)
            return
        if tag == "input" and attr.get("type", "text").lower() == "hidden":
            return
        for name in self.SHOWN_ATTRS:
            if attr.get(name, "").strip():
                self.chunks.append(attr[name].strip())
        if tag == "input" and attr.get("type", "").lower() in ("submit", "button", "reset"):
            if attr.get("value", "").strip():
                self.chunks.append(attr["value"].strip())

    def handle_endtag(self, tag: str) -> None:
        if self._silent and tag == self._silent[-1]:
            self._silent.pop()

    def handle_data(self, data: str) -> None:
        if not self._silent and data.strip():
            self.chunks.append(" ".join(data.split()))


def _typed_texts() -> re.Pattern[str] | None:
    """What people typed or named, holding Chinese (a member's name, a
    union, a hospital, a note): shown as it was written in either language.
    Read from every text column of the project's models and from JSON
    values, but not from the benefit's explanation (worded by the program,
    not typed) nor a username (a page shows the person's name); the
    members' names also as the public notice masks them."""
    found: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith(("casework.", "django.contrib.auth")):
            continue
        for f in model._meta.concrete_fields:
            if f.choices or f.name in ("explanation", "username", "password"):
                continue
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                for value in model._default_manager.values_list(f.name, flat=True).iterator():
                    _collect(value, found)
    for user in User.objects.all():
        _collect(user.get_full_name(), found)
    for name in Member.objects.values_list("name", flat=True):
        _collect(mask_name(name), found)  # as the public notice shows it
    texts = sorted((t for t in found if len(t) >= 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in texts)) if texts else None


def _collect(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        if HAN.search(value):
            into.add(value.strip())
            into.update(part.strip() for part in re.split(r"[\n；;,，]", value) if part.strip())
    elif isinstance(value, dict):
        for inner in value.values():
            _collect(inner, into)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, into)


def offences_in(text: str, language: str, typed: re.Pattern[str] | None) -> list[tuple[str, str]]:
    """(kind, the offending words) of one chunk of visible text."""
    found = [("raw code", m.group()) for m in CODE.finditer(NOT_WORDING.sub(" ", text))]
    if language == "en":
        rest = typed.sub(" ", text) if typed else text
        found += [("Chinese on an English page", m.group()) for m in CJK.finditer(rest)]
    else:
        rest = NOT_WORDING.sub(" ", text)
        words = [w for w in ENGLISH_WORD.findall(rest) if w not in ALLOWED_WORDS]
        found += [("English on a Chinese page", w) for w in words]
    return found


@dataclass
class Walk:
    client: Client
    role: str
    language: str
    typed: re.Pattern[str] | None
    offences: list[Offence] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    kinds: Counter[tuple[str, frozenset[str]]] = field(default_factory=Counter)
    pages: int = 0

    def run(self, start: str) -> None:
        queue = [start]
        while queue:
            url = queue.pop(0)
            for link in self.visit(url):
                if self.admit(link):
                    queue.append(link)

    def admit(self, url: str) -> bool:
        """A page of this site not read yet, within the cap of its kind."""
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return False
        path = parts.path
        if not path.startswith("/") or path.startswith(SKIPPED):
            return False
        try:
            match = resolve(path)
        except Resolver404:
            return False
        if "document" in (match.url_name or ""):
            return False  # a file download, not a page
        query = frozenset(k for k, _ in parse_qsl(parts.query))
        normal = path + ("?" + parts.query if parts.query else "")
        if normal in self.seen:
            return False
        variety = None if query else _variety(match.kwargs)
        if variety and match.url_name == "chart":
            variety = variety[:1]  # a flow's chart: one per program
        kind = (match.route, query, variety)
        cap = PER_QUERY_KIND if query else PER_KIND if variety is None else PER_VARIETY
        if self.kinds[kind] >= cap:
            return False
        self.kinds[kind] += 1
        self.seen.add(normal)
        return True

    def visit(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.pages += 1
        if response.status_code in (301, 302):
            return [response["Location"]]
        content_type = response.get("Content-Type", "")
        if response.status_code >= 500:
            self.offences.append(
                Offence(self.language, self.role, url, "server error", str(response.status_code))
            )
            return []
        if "html" not in content_type and "svg" not in content_type:
            return []
        parser = VisibleText(self.language)
        parser.feed(response.content.decode())
        for chunk in parser.chunks:
            found: dict[str, list[str]] = {}
            for kind, words in offences_in(chunk, self.language, self.typed):
                found.setdefault(kind, []).append(words)
            for kind, words in found.items():
                text = f"{' '.join(dict.fromkeys(words))} in {chunk[:140]!r}"
                self.offences.append(Offence(self.language, self.role, url, kind, text))
        base = urlsplit(url).path
        return [link if link.startswith(("/", "http")) else base + link for link in parser.links]


def _variety(kwargs: dict[str, Any]) -> tuple[str, ...] | None:
    """What makes a case or task page differ from its likes: the case's
    program and status, the task's step and whether it is open."""
    if "task_id" in kwargs:
        task = Task.objects.filter(pk=kwargs["task_id"]).values_list("flow_task", "status")
        return tuple(map(str, task.first() or ()))
    if "case_number" in kwargs:
        case = Case.objects.filter(case_number=kwargs["case_number"])
        return tuple(case.values_list("program", "case_status").first() or ())
    return None


def _client(username: str, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(User.objects.get(username=username))
    return client


def _report(offences: list[Offence]) -> str:
    """One line per offending text (figures set aside) and kind: the words,
    the first role and page it was seen on, and on how many pages."""
    grouped: dict[tuple[str, str, str], list[Offence]] = {}
    for o in offences:
        grouped.setdefault((o.language, o.kind, re.sub(r"\d+", "0", o.text)), []).append(o)
    lines = [
        f"[{language}] {kind}: {found[0].text} — {found[0].role} {found[0].url}"
        f" and {len({o.url for o in found}) - 1} more pages"
        for (language, kind, _text), found in sorted(grouped.items())
    ]
    return f"{len(lines)} untranslated or raw texts:\n" + "\n".join(lines)


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.usefixtures("_media")
def test_every_page_of_every_role_speaks_the_chosen_language_without_codes() -> None:
    seed_demo()
    typed = _typed_texts()
    offences: list[Offence] = []
    pages = Counter[str]()
    for language in LANGUAGES:
        for role in ROLES:
            walk = Walk(_client(role, language), role, language, typed)
            walk.seen.add("/")
            walk.run("/")
            offences += walk.offences
            pages[role] += walk.pages
    # the walk reached each role's work: every staff role reads several
    # pages, the member their own
    assert all(pages[role] >= 4 for role in ROLES), pages
    assert not offences, _report(offences)
