"""The list's documents: the 公示 list and the 发放签领表 as PDFs (masked),
and the list as XLSX."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from casework.core.masking import mask_name

from .conftest import assert_error, listed


def test_the_notice_and_the_sign_sheet_are_generated_when_the_list_is_there(
    api, campaign, grassroots, own_members
):
    c = campaign()
    n = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard"},
            {"member": own_members[1].pk, "tier": "deep"},
        ],
    )["case_number"]
    generate = api("caseworker").post
    assert_error(
        generate(f"/api/cases/{n}/generate/", {"document": "campaign_notice"}), 409, "wrong_state"
    )
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    notice = generate(f"/api/cases/{n}/generate/", {"document": "campaign_notice"})
    assert notice.status_code == 201, notice.json()
    assert "公示名单" in notice.json()["name"]
    assert_error(generate(f"/api/cases/{n}/generate/", {"document": "campaign_sign_sheet"}), 409)
    assert api("supervisor").complete(n, "approve", "approve").status_code == 200
    sheet = api("finance").post(f"/api/cases/{n}/generate/", {"document": "campaign_sign_sheet"})
    assert sheet.status_code == 201, sheet.json()
    assert "发放签领表" in sheet.json()["name"]


def test_the_list_as_a_workbook_masks_names_and_id_numbers(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    response = api("caseworker2").get(f"/api/campaign-lists/{n}/list.xlsx")
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[1][:4] == ("序号", "姓名", "身份证号码", "档次")
    assert rows[2][1] == mask_name(own_members[0].name)
    assert own_members[0].id_number not in str(rows)
    assert rows[2][6] == 3000
