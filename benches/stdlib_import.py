#!/usr/bin/env python3
"""The import as a municipal IT person would write it: ElementTree iterparse + sqlite3
executemany, Python standard library only, no validation. The baseline the benchmark compares
skillreg's first import with.

Usage: stdlib_import.py EXPORT.xml DB
"""
import sqlite3
import sys
import xml.etree.ElementTree as ET


def main(path, db):
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE persons (employee_no TEXT PRIMARY KEY, given_name TEXT, family_name TEXT, email TEXT);
        CREATE TABLE employments (employee_no TEXT, unit TEXT, occupation TEXT, percent INTEGER,
                                  start TEXT, end TEXT, manager TEXT, is_primary INTEGER);
        CREATE TABLE competences (employee_no TEXT, system TEXT, level INTEGER, source TEXT,
                                  date TEXT, assessor TEXT);
        CREATE TABLE course_results (employee_no TEXT, course TEXT, completed TEXT);
        """
    )
    persons, employments, competences, results = [], [], [], []

    def flush():
        conn.executemany("INSERT INTO persons VALUES (?, ?, ?, ?)", persons)
        conn.executemany("INSERT INTO employments VALUES (?, ?, ?, ?, ?, ?, ?, ?)", employments)
        conn.executemany("INSERT INTO competences VALUES (?, ?, ?, ?, ?, ?)", competences)
        conn.executemany("INSERT INTO course_results VALUES (?, ?, ?)", results)
        for rows in (persons, employments, competences, results):
            rows.clear()

    for _event, elem in ET.iterparse(path, events=("end",)):
        if elem.tag != "Person":
            continue
        no = elem.get("employeeNo")
        persons.append((no, elem.findtext("GivenName"), elem.findtext("FamilyName"), elem.findtext("Email")))
        for e in elem.iter("Employment"):
            employments.append((no, e.get("unit"), e.get("occupation"), e.get("percent"), e.get("start"),
                                e.get("end") or None, e.get("managerEmployeeNo"), e.get("primary") == "true"))
        for c in elem.iter("Competence"):
            competences.append((no, c.get("system"), c.get("level"), c.get("source"), c.get("date"), c.get("assessor")))
        for r in elem.iter("CourseResult"):
            results.append((no, r.get("course"), r.get("completed")))
        elem.clear()
        if len(competences) > 50000:
            flush()
    flush()
    conn.execute("CREATE INDEX competences_person ON competences(employee_no)")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
