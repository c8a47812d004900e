"""How personal data appears in anything printed or exported for others
to read (public notices, exports): names and ID numbers masked."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张三丰 → 张*丰, 张三 → 张*, 欧阳小明 → 欧**明."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(id_number: str) -> str:
    """452228198503151230 → 4522**********1230 (first and last four kept)."""
    id_number = (id_number or "").strip()
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
