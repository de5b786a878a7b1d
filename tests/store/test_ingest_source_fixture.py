"""The per-source fixture gives a store with the crosswalk and one source."""

from multivector.sources import sipri_trade_register


def test_ingest_source_loads_one_source_over_the_crosswalk(ingest_source):
    store, results = ingest_source(sipri_trade_register.SOURCE)
    try:
        assert [r.rows_in for r in results] == [25024]
        assert store.count("entities") > 200 and store.count("flows") == results[0].rows_loaded
    finally:
        store.close()
