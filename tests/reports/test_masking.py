from casework.core.masking import mask_id_number, mask_name


def test_names_keep_the_first_and_last_character():
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name("") == ""


def test_id_numbers_keep_four_characters_at_each_end():
    assert mask_id_number("45022819850315123X") == "4502**********123X"
    assert mask_id_number("1234") == "****"
