"""Resident ID numbers (stdnum.cn.ric) and members created from them; case
numbers per program and year, without gaps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation
from stdnum.cn import ric

from casework.core.errors import Conflict, InvalidInput
from casework.core.models import CaseNumberCounter, Member
from casework.core.services import case_number_allocate, id_number_parse, member_create

# Real commits. serialized_rollback: the flush afterwards must not re-create
# content types behind the back of later serialized_rollback tests
# (tests/races), and the data-migration rows come back for them.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VALID = "452228198503151230"  # Sanjiang (old code), born 1985-03-15, 17th digit 3


def with_check_digit(body17: str) -> str:
    assert len(body17) == 17
    return body17 + ric.calc_check_digit(body17 + "0")


# --- id_number_parse ----------------------------------------------------------


def test_valid_id_number_gives_male_and_the_birth_date():
    assert id_number_parse(VALID) == (VALID, "male", dt.date(1985, 3, 15))


@pytest.mark.parametrize("gender_digit", "02468")
def test_even_17th_digit_means_female(gender_digit):
    number = with_check_digit(f"4522281990070412{gender_digit}")
    assert id_number_parse(number) == (number, "female", dt.date(1990, 7, 4))


@pytest.mark.parametrize("gender_digit", "13579")
def test_odd_17th_digit_means_male(gender_digit):
    number = with_check_digit(f"4522281990070412{gender_digit}")
    assert id_number_parse(number)[1] == "male"


def test_lowercase_x_check_digit_and_surrounding_spaces_are_normalized():
    number = with_check_digit("45022620050101123")
    assert number.endswith("X")
    normalized, gender, birth = id_number_parse(f"  {number.lower()} ")
    assert normalized == number
    assert (gender, birth) == ("male", dt.date(2005, 1, 1))


def assert_refused(id_number: str) -> InvalidInput:
    # the messages are read in English (the site's default language is Chinese)
    with pytest.raises(InvalidInput) as info, translation.override("en"):
        id_number_parse(id_number)
    error = info.value
    assert error.status == 400
    assert list(error.fields) == ["id_number"]
    assert error.fields["id_number"] and error.fields["id_number"][0].startswith(
        "invalid ID number"
    )
    return error


@pytest.mark.parametrize("last", [d for d in "0123456789X" if d != "0"])
def test_wrong_check_digit_is_refused(last):
    error = assert_refused(VALID[:17] + last)
    assert "checksum" in error.fields["id_number"][0]


@pytest.mark.parametrize(
    "birth",
    ["19850230", "19851301", "19850001", "19850100", "19850431", "19010229"],
    ids=["feb-30", "month-13", "month-0", "day-0", "apr-31", "feb-29-non-leap"],
)
def test_impossible_birth_date_is_refused_even_with_a_correct_check_digit(birth):
    assert_refused(with_check_digit(f"452228{birth}123"))


def test_feb_29_of_a_leap_year_is_a_valid_birth_date():
    number = with_check_digit("45222819880229124")
    assert id_number_parse(number) == (number, "female", dt.date(1988, 2, 29))


@pytest.mark.parametrize(
    "number",
    [VALID[:17], VALID + "0", VALID[:15], ""],
    ids=["17-chars", "19-chars", "15-chars-old-format", "empty"],
)
def test_wrong_length_is_refused(number):
    error = assert_refused(number)
    assert "length" in error.fields["id_number"][0]


@pytest.mark.parametrize(
    "number", ["45222A198503151230", "4522281985O3151230", "452228-98503151230"]
)
def test_non_digits_in_the_body_are_refused(number):
    assert_refused(number)


def test_unknown_area_code_is_refused():
    assert_refused(with_check_digit("99999919850315123"))


@pytest.mark.parametrize(
    ("area", "birth", "valid"),
    [
        ("450226", "20020101", True),
        ("450226", "20150620", True),
        ("450226", "20011231", False),
        ("450226", "19850315", False),
        ("452228", "20011231", True),
        ("452228", "19700101", True),
        ("452228", "20050101", False),
    ],
)
def test_sanjiang_area_code_must_match_the_birth_year(area, birth, valid):
    number = with_check_digit(f"{area}{birth}123")
    if valid:
        assert id_number_parse(number)[0] == number
    else:
        assert_refused(number)


# --- member_create ------------------------------------------------------------


@pytest.mark.django_db
def test_member_create_derives_gender_and_birth_date_from_the_id_number(county):
    member = member_create(name=" 吴春花 ", id_number=VALID.lower(), org_unit=county)
    member.refresh_from_db()
    assert (member.name, member.id_number) == ("吴春花", VALID)
    assert (member.gender, member.birth_date) == ("male", dt.date(1985, 3, 15))
    assert member.org_unit == county


@pytest.mark.django_db
def test_member_create_female_from_an_even_17th_digit(county):
    number = with_check_digit("45022620030808126")
    member = member_create(name="杨秀英", id_number=number, org_unit=county)
    assert (member.gender, member.birth_date) == ("female", dt.date(2003, 8, 8))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number",
    [
        VALID[:17] + "1",
        with_check_digit("45222819850230123"),
        VALID[:17],
        with_check_digit("45022619850315123"),
    ],
    ids=["checksum", "date", "length", "area-code-before-2002"],
)
def test_member_create_refuses_an_invalid_id_number_and_creates_nothing(county, number):
    with pytest.raises(InvalidInput) as info:
        member_create(name="韦明", id_number=number, org_unit=county)
    assert "id_number" in info.value.fields
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_member_create_refuses_a_duplicate_id_number_with_409(county):
    number = with_check_digit("45022620050101123")
    first = member_create(name="梁华", id_number=number, org_unit=county)
    with pytest.raises(Conflict) as info:
        member_create(name="梁华", id_number=number.lower(), org_unit=county)
    assert info.value.status == 409
    assert info.value.code == "duplicate"
    assert str(first.pk) in info.value.message
    assert Member.objects.filter(id_number=number).count() == 1


# --- case numbers -------------------------------------------------------------


@pytest.mark.django_db
def test_case_numbers_count_up_from_000001():
    with transaction.atomic():
        numbers = [case_number_allocate(program="relief", year=2026) for _ in range(3)]
    assert numbers == ["RL-2026-000001", "RL-2026-000002", "RL-2026-000003"]


@pytest.mark.django_db
def test_each_program_has_its_own_sequence_and_prefix():
    with transaction.atomic():
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000001"
        assert case_number_allocate(program="mutual_aid", year=2026) == "MA-2026-000001"
        assert case_number_allocate(program="mediation", year=2026) == "MD-2026-000001"
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000002"
        assert case_number_allocate(program="mediation", year=2026) == "MD-2026-000002"


@pytest.mark.django_db
def test_each_year_has_its_own_sequence():
    with transaction.atomic():
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000001"
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000002"
        assert case_number_allocate(program="relief", year=2027) == "RL-2027-000001"
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000003"
    assert set(CaseNumberCounter.objects.values_list("prefix", "year", "last")) == {
        ("RL", 2026, 3),
        ("RL", 2027, 1),
    }


@pytest.mark.django_db
def test_an_unknown_program_has_no_case_number():
    with pytest.raises(KeyError), transaction.atomic():
        case_number_allocate(program="pension", year=2026)


class Abandon(Exception):
    pass


def allocate_and_roll_back(program: str, year: int) -> str:
    with pytest.raises(Abandon), transaction.atomic():
        number = case_number_allocate(program=program, year=year)
        raise Abandon
    return number


@committed
def test_a_number_from_a_rolled_back_transaction_is_handed_out_again():
    with transaction.atomic():
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000001"
    assert allocate_and_roll_back("relief", 2026) == "RL-2026-000002"
    assert allocate_and_roll_back("relief", 2026) == "RL-2026-000002"
    with transaction.atomic():
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000002"
    with transaction.atomic():
        assert case_number_allocate(program="relief", year=2026) == "RL-2026-000003"


@committed
def test_the_first_number_of_a_year_rolled_back_leaves_no_counter_behind():
    assert allocate_and_roll_back("mediation", 2027) == "MD-2027-000001"
    assert not CaseNumberCounter.objects.filter(prefix="MD", year=2027).exists()
    with transaction.atomic():
        assert case_number_allocate(program="mediation", year=2027) == "MD-2027-000001"


@pytest.mark.django_db
def test_a_number_rolled_back_to_a_savepoint_is_handed_out_again():
    with transaction.atomic():
        assert case_number_allocate(program="mutual_aid", year=2026) == "MA-2026-000001"
        assert allocate_and_roll_back("mutual_aid", 2026) == "MA-2026-000002"
        assert case_number_allocate(program="mutual_aid", year=2026) == "MA-2026-000002"


def test_it_refuses_an_id_number_born_in_the_future_or_before_1900():
    from casework.core.errors import InvalidInput
    from casework.core.services import id_number_parse

    for number in ("110101203001011236", "110101180001011237"):
        with pytest.raises(InvalidInput) as refused:
            id_number_parse(number)
        assert "id_number" in refused.value.fields
