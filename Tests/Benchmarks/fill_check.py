#!/usr/bin/env python3
"""Checks that fill_cases.py writes what the portal itself writes: re-enacts a sample of the filled
cases through a real server's API on a fresh database, and compares, row by row and event by
event, what the portal stored with what fill_cases.py stored. Part of the workflow benchmark
(Tests/Benchmarks/workflow-benchmark.sh); not part of the test suite.

    fill_check.py FILLED_DB --binary PATH --migrations DIR [--public DIR] [--cases 80]

The sample holds every kind of step fill_cases.py writes (each transition, assignment, note,
message, reply, extension, reopening, withdrawal, duplicate outcome), an original and its repeat
(duplicate flag), and cases of the selective search term. For each sampled case, in filing order:
POST /api/v1/complaints with its stored submission, then one API call per event (the actor's staff
token, or the complainant's status token). Compared: the cases row (submission text, fingerprint,
duplicate_of, and at the end status, assignee, outcome, closed_at set or not), the complaints row,
the case_search row, and each event's type, actor and payload text (references mapped to the new
ones). Times differ (the portal stamps the real clock) and are not compared. Exits 1 at the
first difference, naming it.
"""

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

REFERENCE = re.compile(r'"([A-Z]{2,5}-[0-9]{4}-[0-9]{6,9})"')
STEP_KINDS = ["note_added", "message_sent", "reply_received", "assigned", "extended"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--migrations", required=True)
    parser.add_argument("--public")
    parser.add_argument("--cases", type=int, default=80, help="about how many cases to re-enact")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    source = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)

    # -- the sample --
    def ids(sql, limit):
        rows = [r[0] for r in source.execute(sql)]
        return rng.sample(rows, min(limit, len(rows)))

    chosen = set()
    for type_ in STEP_KINDS:
        chosen.update(ids(f"SELECT DISTINCT case_id FROM case_events WHERE type = '{type_}' AND case_id IS NOT NULL LIMIT 2000", 4))
    for kind in ("awaiting_complainant", "in_review", "received"):
        chosen.update(ids(f"SELECT id FROM cases WHERE status = '{kind}' LIMIT 2000", 4))
    for outcome in ("upheld", "partially_upheld", "rejected", "manifestly_unfounded", "withdrawn", "duplicate"):
        chosen.update(ids(f"SELECT id FROM cases WHERE outcome = '{outcome}' LIMIT 2000", 3))
    chosen.update(ids("""SELECT DISTINCT case_id FROM case_events WHERE type = 'transitioned'
                         AND json_extract(payload, '$.from') = 'closed' LIMIT 2000""", 3))
    chosen.update(ids("SELECT DISTINCT case_id FROM case_events WHERE type = 'transitioned' AND actor = 'complainant' LIMIT 2000", 4))
    chosen.update(ids("SELECT id FROM cases WHERE duplicate_of IS NOT NULL LIMIT 2000", 4))
    all_ids = [r[0] for r in source.execute("SELECT id FROM cases")]
    while len(chosen) < args.cases:
        chosen.add(rng.choice(all_ids))
    # A case flagged as a repeat, or closed as a duplicate, needs its original first.
    for case_id in list(chosen):
        for (reference,) in source.execute("""
                SELECT duplicate_of FROM cases WHERE id = ? AND duplicate_of IS NOT NULL
                UNION SELECT json_extract(payload, '$.duplicate_of') FROM case_events
                WHERE case_id = ? AND type = 'transitioned' AND json_extract(payload, '$.duplicate_of') IS NOT NULL""",
                                           (case_id, case_id)):
            chosen.add(source.execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()[0])
    order = sorted(chosen)

    # -- a fresh portal --
    tmp = tempfile.mkdtemp(prefix="fill_check.")
    db = os.path.join(tmp, "portal.sqlite")
    config = os.path.join(tmp, "portal.json")
    with open(config, "w") as f:
        json.dump({"web": {"submissions_per_ip_per_hour": 100000000}}, f)
    staff_tokens = {}
    for name, role in source.execute("SELECT name, role FROM staff_tokens WHERE revoked_at IS NULL ORDER BY id"):
        out = subprocess.run([args.binary, "token", "create", "--database", db, "--migrations", args.migrations,
                              "--name", name, "--role", role], check=True, capture_output=True, text=True)
        staff_tokens[name] = out.stdout.strip()
    command = [args.binary, "serve", "--host", "127.0.0.1", "--port", "0", "--database", db, "--migrations",
               args.migrations, "--config", config]
    if args.public:
        command += ["--public", args.public]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "server.err"), "w"), text=True)
    try:
        line = server.stdout.readline()
        if "listening on http://" not in line:
            sys.exit(f"fill_check: the server did not start: {line!r}")
        port = int(line.strip().rsplit(":", 1)[1])
        problems = reenact(source, db, port, order, staff_tokens)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if problems:
        print("fill_check: DIFFERENT from what the portal writes:", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        print(f"fill_check: kept {tmp}", file=sys.stderr)
        sys.exit(1)
    fresh = sqlite3.connect(db)
    events = fresh.execute("SELECT count(*) FROM case_events WHERE case_id IS NOT NULL").fetchone()[0]
    kinds = dict(fresh.execute("""SELECT type || CASE WHEN type = 'transitioned' THEN ':' || json_extract(payload, '$.to') ELSE '' END,
                                         count(*) FROM case_events WHERE case_id IS NOT NULL GROUP BY 1 ORDER BY 1"""))
    fresh.close()
    print(json.dumps({"cases": len(order), "events": events, "identical": True, "kinds": kinds}))
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    os.rmdir(tmp)


def reenact(source, db, port, order, staff_tokens):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    fresh = sqlite3.connect(db)
    refs = {}            # source reference -> fresh reference
    problems = []

    def call(method, path, token, body):
        data = None if body is None else json.dumps(body)
        headers = {"Authorization": "Bearer " + token}
        if data is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read()
        return response.status, text

    def mapped(text):
        return REFERENCE.sub(lambda m: '"' + refs.get(m.group(1), m.group(1)) + '"', text)

    for case_id in order:
        row = source.execute("""SELECT reference, submission, fingerprint, duplicate_of, status, assignee, outcome, closed_at
                                FROM cases WHERE id = ?""", (case_id,)).fetchone()
        reference, submission, fingerprint, duplicate_of, status, assignee, outcome, closed_at = row
        connection.request("POST", "/api/v1/complaints", body=submission, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        receipt = json.loads(response.read())
        if response.status != 201:
            return [f"{reference}: POST /api/v1/complaints answered {response.status}: {receipt}"]
        new_ref, status_token = receipt["reference"], receipt["status_token"]
        refs[reference] = new_ref
        new_id, new_submission, new_fingerprint, new_duplicate = fresh.execute(
            "SELECT id, submission, fingerprint, duplicate_of FROM cases WHERE reference = ?", (new_ref,)).fetchone()
        if new_submission != submission:
            problems.append(f"{reference}: submission differs:\n    fill:   {submission}\n    portal: {new_submission}")
        if new_fingerprint != fingerprint:
            problems.append(f"{reference}: fingerprint differs")
        if new_duplicate != (refs.get(duplicate_of, "(not re-enacted)") if duplicate_of else None):
            problems.append(f"{reference}: duplicate_of {duplicate_of} (-> {refs.get(duplicate_of)}) but the portal says {new_duplicate}")
        old_c = source.execute("SELECT role, complainant_name, complainant_email, rightsholder_name, category, model, work_count FROM complaints WHERE case_id = ?", (case_id,)).fetchone()
        new_c = fresh.execute("SELECT role, complainant_name, complainant_email, rightsholder_name, category, model, work_count FROM complaints WHERE case_id = ?", (new_id,)).fetchone()
        if old_c != new_c:
            problems.append(f"{reference}: complaints row differs: {old_c} / {new_c}")
        old_s = source.execute("SELECT names, titles, description FROM case_search WHERE rowid = ?", (case_id,)).fetchone()
        # Filed through the API, the text is in case_search_pending until the server indexes it.
        new_s = fresh.execute("SELECT names, titles, description FROM case_search WHERE rowid = ?1 UNION ALL "
                              "SELECT names, titles, description FROM case_search_pending WHERE case_id = ?1", (new_id,)).fetchone()
        if old_s != new_s:
            problems.append(f"{reference}: case_search row differs: {old_s} / {new_s}")

        events = source.execute("SELECT type, actor, payload FROM case_events WHERE case_id = ? ORDER BY id", (case_id,)).fetchall()
        index = 1
        while index < len(events):
            type_, actor, payload_text = events[index]
            payload = json.loads(mapped(payload_text))
            expected = 1
            path = f"/api/v1/cases/{new_ref}/"
            if type_ == "transitioned" and actor == "complainant":
                answer = call("POST", "/api/v1/status/withdrawal", status_token, {k: v for k, v in payload.items() if k == "reason"})
            elif type_ == "transitioned":
                answer = call("POST", path + "transitions", staff_tokens[actor], {k: v for k, v in payload.items() if k != "from"})
            elif type_ == "reply_received":
                answer = call("POST", "/api/v1/status/messages", status_token, payload)
                if index + 1 < len(events) and events[index + 1][0] == "transitioned" and events[index + 1][1] == "complainant" \
                        and json.loads(events[index + 1][2]).get("reason") == "reply received":
                    expected = 2
            elif type_ == "assigned":
                answer = call("POST", path + "assignment", staff_tokens[actor], {"assignee": payload["assignee"]})
            elif type_ == "note_added":
                answer = call("POST", path + "notes", staff_tokens[actor], payload)
            elif type_ == "message_sent":
                answer = call("POST", path + "messages", staff_tokens[actor], payload)
            elif type_ == "extended":
                answer = call("POST", path + "extensions", staff_tokens[actor], payload)
            else:
                return problems + [f"{reference}: no API call for an event of type {type_}"]
            if answer[0] not in (200, 201):
                return problems + [f"{reference}: event {index} ({type_} by {actor}, {payload_text}) refused: {answer[0]} {answer[1][:400]!r}"]
            got = fresh.execute("SELECT type, actor, payload FROM case_events WHERE case_id = ? ORDER BY id LIMIT ? OFFSET ?",
                                (new_id, expected, index)).fetchall()
            want = [(t, a, mapped(p)) for t, a, p in events[index:index + expected]]
            if got != want:
                problems.append(f"{reference}: event {index} differs:\n    fill:   {want}\n    portal: {got}")
            index += expected
        # The submitted event, and the current state.
        (sub_payload,) = fresh.execute("SELECT payload FROM case_events WHERE case_id = ? ORDER BY id LIMIT 1", (new_id,)).fetchone()
        if sub_payload != mapped(events[0][2]):
            problems.append(f"{reference}: submitted payload differs: {events[0][2]} / {sub_payload}")
        state = fresh.execute("SELECT status, assignee, outcome, closed_at IS NOT NULL FROM cases WHERE id = ?", (new_id,)).fetchone()
        if state != (status, assignee, outcome, closed_at is not None):
            problems.append(f"{reference}: current state differs: fill {(status, assignee, outcome, closed_at)} portal {state}")
        if problems:
            return problems
    return problems


if __name__ == "__main__":
    main()
