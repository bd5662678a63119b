"""Reading a prospect file and checking its rows, for the import wizard.

Plain functions with no ORM access, so that the import rules can be tested
alone. The wizard drives them:

1. files.read_rows streams the rows of a CSV or XLSX file;
2. columns.classify_columns maps the header to the prospect fields the
   company allows (GDPR Art. 5(1)(c), data minimisation) and lists the
   columns to refuse, in the words of vocabulary;
3. rows.check_rows normalises each row and says why a row cannot be
   imported, the minimisation rule included (policy.minimisation);
4. report.report_csv writes the report of the rows not imported.

Errors are returned as codes with parameters, never as sentences: the
wizard words them in the user's language.
"""
