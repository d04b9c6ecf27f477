"""The second reading of the source reports: one module per report (``r000`` … ``r004``).

Each module is a checklist written from the report's text alone, sentence by sentence, in the
vocabulary of :mod:`tests.reading.model`. ``tests/test_second_reading.py`` checks the graph against
every item, so a statement of a report that the data leaves out, adds, or makes more certain fails.
"""
