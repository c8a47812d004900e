"""Every page's layout, ``{% load layout %}``, the parts that are the same
for many people rendered once and kept for the process (issue 19):

- ``{% site_menu %}``: viewflow's site menu (``viewflow/includes/
  site_menu.html``: a link per area the user may open), once per language
  and set of areas. It names no one and holds no token; rendering it cost
  every page about 1 ms (ten permission tests, ten URLs reversed, ten
  titles translated).
- ``{% once %}…{% endonce %}``: what is the same on every page in a
  language (the scripts and style sheets: thirteen static files' URLs
  looked up, 0.4 ms), once per language."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# (language, script prefix, menu template, the areas shown, turbo off) → HTML
_MENUS: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag(takes_context=True)
def site_menu(context: template.Context) -> str:
    """The site's menu as the ``page-menu-app`` block of
    ``viewflow/base_page.html`` includes it (an area's own menu: none of
    ours has one, ``casework.web.site.CaseworkApp``)."""
    site, viewset = context.get("site"), context.get("viewset")
    if not (site and site.menu_template_name):
        return ""
    request = context["request"]
    # what the template reads: ``app|has_perm:request.user`` per area, the
    # area's and the current viewset's ``turbo_disabled``
    shown = tuple(app.has_view_permission(request.user) for app in site.menu_items())
    key = (
        get_language(),
        get_script_prefix(),
        site.menu_template_name,
        shown,
        bool(getattr(viewset, "turbo_disabled", False)),
    )
    menu = _MENUS.get(key)
    if menu is None:
        engine = context.template.engine if context.template else template.Engine.get_default()
        page = engine.get_template(site.menu_template_name)
        with context.push():
            menu = _MENUS[key] = mark_safe(page.render(context))  # noqa: S308
    return menu


class OnceNode(template.Node):
    """``{% once %}``'s content, rendered at its first use in a language
    (and script prefix) and kept on the node: nothing in it may depend on
    the request, the user or the page."""

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str], SafeString] = {}

    def render(self, context: template.Context) -> str:
        key = (get_language(), get_script_prefix())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return html


@register.tag
def once(parser: template.base.Parser, token: template.base.Token) -> OnceNode:
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)
