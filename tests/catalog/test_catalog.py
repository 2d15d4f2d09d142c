"""The bundled framework catalogues: counts, order, both ID spellings, withdrawn IDs."""

from __future__ import annotations

from collections import Counter

import pytest

from soc2flow.catalog import FRAMEWORKS, load_catalog, normalize


def test_tsc_has_61_criteria_in_order() -> None:
    tsc = load_catalog("soc2-tsc-2017")
    assert len(tsc.criteria) == 61
    assert list(tsc.criteria)[:3] == ["CC1.1", "CC1.2", "CC1.3"]
    prefixes = Counter(cid.rstrip("0123456789.") for cid in tsc.criteria)
    assert prefixes == {"CC": 33, "A": 3, "C": 2, "PI": 5, "P": 18}
    series = Counter(c.series for c in tsc.criteria.values() if c.id.startswith("CC"))
    assert series == {
        "CC1": 5, "CC2": 3, "CC3": 4, "CC4": 2, "CC5": 3, "CC6": 8, "CC7": 5, "CC8": 1, "CC9": 2,
    }  # fmt: skip
    assert tsc.criteria["CC6.1"].series_title == "Logical and Physical Access Controls"
    assert tsc.lookup("CC6.9") is None


def test_csf_has_its_functions_categories_and_subcategories() -> None:
    csf = load_catalog("nist-csf-2.0")
    levels = Counter(c.level for c in csf.criteria.values())
    assert levels == {"function": 6, "category": 22, "subcategory": 106}
    assert [c.id for c in csf.criteria.values() if c.level == "function"] == [
        "GV", "ID", "PR", "DE", "RS", "RC",
    ]  # fmt: skip
    aa01 = csf.criteria["PR.AA-01"]
    assert aa01.series == "PR.AA" and not aa01.withdrawn
    assert aa01.series_title.startswith("Identity Management")


@pytest.mark.parametrize("spelling", ["PR.IP-1", "PR.IP-01"])
def test_withdrawn_csf_ids_name_their_replacement(spelling: str) -> None:
    found = load_catalog("nist-csf-2.0").lookup(spelling)
    assert found is not None
    assert found.withdrawn
    assert found.id == "PR.IP-01"
    assert found.replaced_by == ("PR.PS-01",)


def test_both_spellings_of_an_active_id_are_accepted() -> None:
    csf = load_catalog("nist-csf-2.0")
    assert csf.lookup("PR.AA-1") is csf.lookup("PR.AA-01") is csf.criteria["PR.AA-01"]
    assert normalize("DE.CM-9") == "DE.CM-09"
    assert normalize("CC6.1") == "CC6.1"
    assert csf.lookup("PR.AA-99") is None


def test_withdrawn_csf_categories_are_known() -> None:
    csf = load_catalog("nist-csf-2.0")
    category = csf.lookup("PR.IP")
    assert category is not None and category.withdrawn


def test_catalogues_are_built_once_and_unknown_frameworks_refused() -> None:
    assert FRAMEWORKS == ("soc2-tsc-2017", "nist-csf-2.0")
    assert load_catalog("nist-csf-2.0") is load_catalog("nist-csf-2.0")
    with pytest.raises(KeyError):
        load_catalog("iso-27001")
