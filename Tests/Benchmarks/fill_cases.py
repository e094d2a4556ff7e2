#!/usr/bin/env python3
"""Fills a compliance-portal database with cases and their audit-log events, for the workflow
benchmark (Tests/Benchmarks/workflow-benchmark.sh). Not part of the test suite.

    fill_cases.py DB [--cases 100000] [--events 1000000] [--binary PATH --migrations DIR] [--seed 4]

With --binary, runs `compliance-portal migrate --database DB` first. The database must hold no
case yet. Writes, directly with SQL, what the portal itself would have written over about three
years before now (the real clock), in the order it would have written it:

- a few staff tokens (reviewers and admins, `token_created` events by `cli`, at the start);
- per complaint: the `cases` row (reference CPL-YYYY-NNNNNN by local year and receipt order, the
  receipt's acknowledge_by/respond_by, a random status token hash, the canonical submission JSON,
  its duplicate fingerprint and duplicate_of), the `complaints` row, the `case_search` row, and its
  events: submitted, transitioned (acknowledge, await the complainant with a message, resume,
  close with an outcome/decision/redress/actions, reopen, withdraw), assigned, note_added,
  message_sent, reply_received, extended;
- the current-state columns (status, assignee, outcome, closed_at) as the events leave them.

Every event is hash-chained exactly as `EventLog.append` chains it (SHA-256 over the previous hash,
"\\n" and the canonical JSON {"actor","case","occurred_at","payload","type"}), and all events are
appended in time order across cases, so `compliance-portal audit verify` finds the chain intact.
All generated text is printable ASCII without '"', '\\', '<' or runs of spaces: for such text
Python's json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False) writes the same
bytes as the portal's JSON writer, and the portal's text cleaning would leave it unchanged.

Speed over durability while filling (it is test data): journal_mode=WAL, synchronous=OFF, and a
few large transactions. `PRAGMA wal_checkpoint(TRUNCATE)` at the end.

Prints one JSON object on stdout with what was written (counts, the head hash, the search terms
and how many cases each should match, a sample reference, the expected overdue count).
"""

import argparse
import base64
import bisect
import hashlib
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

GENESIS = "0" * 64

# ---------------------------------------------------------------------------------------------
# Vocabulary (printable ASCII only; no '"', '\', '<')

FIRST_NAMES = """Anna Marc Sofia Lukas Elena Pieter Ines Tomas Clara Jonas Marta Hugo Lea Paolo Nina Jan Eva Karl
Irene Ruben Alma Oskar Julia Mateo Sara Felix Olga Bruno Lina Emil Rosa Victor Maja Dario Hanna Leon Greta Nils Ada
Milan Vera Anton Livia Sven Dora Luca Petra Igor""".split()

SURNAMES = """Martin Bernard Dubois Laurent Leroy Moreau Simon Michel Lefebvre Garcia Fernandez Lopez Martinez Rossi
Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Mancini Costa Giordano Muller
Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann Schwarz
Zimmermann Braun Hartmann Lange Jansen Visser Smit Bakker Mulder Bos Vos Peters Hendriks Dekker Nowak Kowalski
Wisniewski Wojcik Kaminski Lewandowski Zielinski Novak Svoboda Dvorak Cerny Prochazka Kucera Horvat Kovacs Szabo Toth
Nagy Varga Molnar Nielsen Hansen Pedersen Andersen Larsen Johansson Karlsson Nilsson Eriksson Lindqvist Virtanen
Korhonen Nieminen Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Murphy Kelly Byrne Walsh Ryan Papadopoulos
Georgiou Dimitriou Popescu Ionescu Stan Petrov Ivanov Dimitrov Berg Dahl Holm Lund Strand Vidal Serra Soler Pons
Roca Mora Vega Castro Ortiz Ramos Blanco Navarro Duval Fontaine Girard Bonnet Lambert Rousseau Vincent Muller
Fournier Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Perrin Robin Clement Morin Nicolas
Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noel Meyer Dufour Meunier Brun
Blanchard Giraud Joly Riviere Lucas Brunet Gaillard Barbier Arnaud Martinez Gerard Roche Renard Schmitt Roy Leroux
Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoit
Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez
Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry
Guyot Carre Charles Renault Charpentier Menard Maillard Baron Bertin Bailly Herve Schneider Fernandez Le Collet
Leger Bouvier Julien Prevost Millet Perrot Daniel Le Cousin Germain Breton Besson Langlois Remy Le Pelletier
Leveque Perrier Leblanc Barre Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard
Gillet Etienne Grondin Poulain Tessier Chevallier Collin Chauvin Da Bouchet Gay Lemaitre Benard Marechal Humbert
Reynaud Antoine Hoarau Perret Barthelemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier
Laporte""".split()

# A surname no other text contains: the selective search term. And a word in about 40 % of the
# descriptions (never in names or titles): the common search term.
SELECTIVE_SURNAME = "Zabalbeascoa"
COMMON_WORD = "crawler"

ORG_PATTERNS = ["{s} Publishing", "Editions {s}", "{s} Records", "{s} Photo Agency", "{s} Media", "{s} Verlag",
                "{s} Press", "{s} Studio", "{s} Books", "{s} Music", "{s} Software", "{s} Films", "Maison {s}",
                "{s} and {s2} Publishers", "{s} News Group", "{s} Archive"]
REPRESENTATIVE_PATTERNS = ["{s} {s2} Avocats", "{s} Rights Agency", "{s} and Partners LLP", "{s} Legal",
                           "{s} Rechtsanwaelte", "{s} IP Counsel"]
CMOS = ["Nordic Authors Collective", "Society of Example Authors", "European Photographers Rights Society",
        "Music Rights Union", "Visual Artists Collecting Society", "Literary Rights Association",
        "Audiovisual Authors Society", "News Publishers Collective", "Software Authors Guild",
        "Illustrators Rights Cooperative"]
TITLE_ADJ = """Silent Golden Hidden Broken Distant Northern Quiet Bright Lost Secret Endless Winter Summer Crimson
Wandering Last First Small Great Open Paper Glass Iron Velvet Salt Morning Evening Hollow Little Wild""".split()
TITLE_NOUN = """Harbour Garden River Mountain Letters City Orchard Lighthouse Voyage Archive Atlas Chronicle Kitchen
Island Forest Valley Window Bridge Station Market Symphony Portraits Recipes Notebook Horizon Tides Season Journal
Compass Lantern""".split()
DOMAINS = ["publisher", "press", "media", "records", "photos", "news", "books", "studio", "archive", "verlag"]
TLDS = ["example", "example.org", "example.net", "test"]
COUNTRIES = ["FR", "DE", "BE", "NL", "IT", "ES", "PL", "SE", "AT", "IE", "PT", "DK", "FI", "CZ", "GB", "US", "CH", "NO", "LU"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MODELS = ["example-model-1", "example-model-2", "unknown"]
CATEGORIES = [("robots_txt_ignored", 0.34), ("other_reservation_ignored", 0.14), ("infringing_output", 0.18),
              ("tpm_circumvention", 0.07), ("piracy_domains", 0.06), ("copyright_policy", 0.08),
              ("acceptable_use_policy", 0.05), ("other", 0.08)]
WORK_TYPES = {"robots_txt_ignored": ["text", "image", "text", "audio"], "other_reservation_ignored": ["text", "image", "video"],
              "infringing_output": ["text", "image", "audio", "software"], "tpm_circumvention": ["text", "video", "database"],
              "piracy_domains": ["text", "video", "audio"], "copyright_policy": ["text", "other"],
              "acceptable_use_policy": ["text", "image"], "other": ["other", "text", "database"]}
RESERVATIONS = {"robots_txt_ignored": ["robots_txt"], "other_reservation_ignored": ["other_protocol", "terms"]}

REVIEWERS = ["alice", "bruno", "chiara", "dmitri", "eva", "farid", "greta", "hugo", "ines", "jonas"]
ADMINS = ["kim", "lena"]
REDRESS = ("This decision does not limit your other remedies. You may bring the matter before the competent "
           "courts of an EU Member State, contact the national authority responsible for copyright, or ask a "
           "collective management organisation to act for you. You may also reply through the status page.")
OUTCOMES = [("upheld", 0.28), ("partially_upheld", 0.16), ("rejected", 0.42), ("manifestly_unfounded", 0.14)]
ACTION_TYPES = ["crawler_exclusion", "output_safeguard", "policy_update", "data_removal", "other"]
SKIP_PUNCT = set("!\"#%&'()*,-./:;?@[\\]_{}")


# Printable ASCII without '"' (0x22), '<' (0x3C) or '\' (0x5C); no space at either end, no run of spaces.
WORD = re.compile(r"[a-z0-9]+")
SAFE_TEXT = re.compile(r"[!#-;=-\[\]-~]+(?: [!#-;=-\[\]-~]+)*")


def check_text(text):
    """Refuses text whose canonical JSON could differ between json.dumps and the portal's writer,
    or that the portal's text cleaning would change."""
    if not SAFE_TEXT.fullmatch(text):
        raise ValueError(f"text outside the safe alphabet, or not clean: {text!r}")
    return text


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def comparison_key(text):
    """TextNormalization.comparisonKey for clean ASCII text."""
    return "".join(ch for ch in text.lower() if not ch.isspace() and ch not in SKIP_PUNCT)


def sha256_hex(data):
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def rfc3339(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def weighted(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def json_string(s):
    """A JSON string: quoted as is, which is what both writers do for checked text."""
    return '"' + s + '"'


def chain_hash(previous, reference, type_, actor, occurred_at, payload_text):
    """EventLog.chainHash."""
    text = (previous + "\n" + '{"actor":' + json_string(actor) + ',"case":'
            + (json_string(reference) if reference is not None else "null")
            + ',"occurred_at":' + json_string(occurred_at) + ',"payload":' + payload_text
            + ',"type":' + json_string(type_) + "}")
    return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Time in the operator's zone

class Zone:
    def __init__(self, name):
        self.tz = ZoneInfo(name)

    def local_date(self, t):
        return datetime.fromtimestamp(t, self.tz).date()

    @lru_cache(maxsize=None)
    def end_of_day(self, d):
        """The last second of local date d (TimeZoneRules.endOfDay)."""
        nxt = d + timedelta(days=1)
        return int(datetime(nxt.year, nxt.month, nxt.day, tzinfo=self.tz).timestamp()) - 1


def counting_day(received, count, pauses):
    """The day (ordinal) on which the count-th counting calendar day after `received` falls, with
    the paused days [start, end) skipped (DeadlineCalculator, calendar_days)."""
    cur = received
    remaining = count
    for start, end in sorted(pauses):
        if end <= start:
            continue
        if start > cur:
            available = start - 1 - cur
            if remaining <= available:
                return cur + remaining
            remaining -= available
        cur = max(cur, end - 1)
    return cur + remaining


# ---------------------------------------------------------------------------------------------
# Generation

class Generator:
    def __init__(self, args, now):
        self.rng = random.Random(args.seed)
        self.args = args
        self.now = now
        self.zone = Zone(args.timezone)
        self.start = now - int(args.years * 365.25 * 86400)

    # -- text --

    def person(self):
        rng = self.rng
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"

    def domain(self, hint=None):
        rng = self.rng
        base = comparison_key(hint)[:20] if hint else rng.choice(DOMAINS) + str(rng.randint(1, 999))
        return f"{base}.{rng.choice(TLDS)}"

    def date_text(self, t):
        d = self.zone.local_date(t)
        return d.isoformat()

    def month_text(self, t):
        d = self.zone.local_date(t)
        return f"{MONTHS[d.month - 1]} {d.year}"

    def title(self):
        rng = self.rng
        title = f"The {rng.choice(TITLE_ADJ)} {rng.choice(TITLE_NOUN)}"
        if rng.random() < 0.25:
            title += f", Volume {rng.randint(2, 9)}"
        return title

    def description(self, category, domain, received, works):
        rng = self.rng
        common = rng.random() < 0.4
        agent = "its crawler" if common else "its user agent"
        seen = self.month_text(received - rng.randint(20, 200) * 86400)
        pages = f"{rng.randint(2, 90) * 100:,}"
        first = works[0]["title"]
        texts = {
            "robots_txt_ignored": f"Our robots.txt has disallowed ExampleBot since {seen}; {agent} fetched {pages} pages from {domain} anyway, including {first}.",
            "other_reservation_ignored": f"We reserve text and data mining rights with TDM-Rep headers on {domain}; {agent} ignored them and copied {pages} pages, among them {first}.",
            "infringing_output": f"The model reproduces long passages of {first} almost word for word when asked for a summary; we tested it in {seen}."
                                 + (f" We believe {agent} collected the text from {domain}." if common else ""),
            "tpm_circumvention": f"{first} is only available behind our paywall at {domain}; its full text appears in the model, so {agent} must have circumvented the login.",
            "piracy_domains": f"Copies of {first} circulate on known piracy sites; we have evidence that {agent} visited those sites in {seen}.",
            "copyright_policy": f"The published copyright policy does not say how rights reservations are honoured; we asked about {first} in {seen} and got no answer."
                                + (" We also ask which crawler is used." if common else ""),
            "acceptable_use_policy": f"The acceptable use policy does not forbid generating copies of protected works such as {first}; users share such copies openly.",
            "other": f"We ask for the removal of {first} from the training data and for confirmation in writing; it was published at {domain} in {seen}."
                     + (f" The {COMMON_WORD} logs show repeated visits." if common else ""),
        }
        text = texts[category]
        if rng.random() < 0.5:
            text += " " + rng.choice([
                "Our server logs are available on request.", "We sent a notice by email first and received no reply.",
                "The works are registered with our collecting society.", "Please confirm receipt and the next steps.",
                f"The affected catalogue holds {rng.randint(2, 400)} titles.", "We can provide screenshots of the outputs.",
            ])
        return text, common

    def complaint(self, received, surname=None):
        """A new submission as the portal stores it (Complaint.json), and its search facts."""
        rng = self.rng
        role = weighted(rng, [("rightsholder", 0.45), ("representative", 0.35), ("cmo", 0.20)])
        first = rng.choice(FIRST_NAMES)
        last = surname or rng.choice(SURNAMES)
        name = f"{first} {last}"
        s, s2 = rng.choice(SURNAMES), rng.choice(SURNAMES)
        organisation = None
        rightsholder = None
        if role == "rightsholder":
            if rng.random() < 0.55:
                organisation = rng.choice(ORG_PATTERNS).format(s=s, s2=s2)
        else:
            organisation = rng.choice(CMOS) if role == "cmo" else rng.choice(REPRESENTATIVE_PATTERNS).format(s=s, s2=s2)
            holder = rng.choice(ORG_PATTERNS).format(s=rng.choice(SURNAMES), s2=rng.choice(SURNAMES)) if rng.random() < 0.8 else self.person()
            rightsholder = {"name": holder,
                            "mandate": f"{rng.choice(['Exclusive', 'Written', 'General'])} mandate of {self.date_text(received - rng.randint(30, 900) * 86400)} to act for {holder} on text and data mining."}
        holder_name = rightsholder["name"] if rightsholder else (organisation or name)
        domain = self.domain(holder_name)
        email_domain = self.domain(organisation) if organisation else rng.choice(["mail.example", "post.example", "example.com"])
        email = f"{comparison_key(first)}.{comparison_key(last)}@{email_domain}"
        category = weighted(rng, CATEGORIES)
        works = []
        for _ in range(min(1 + int(rng.expovariate(1.3)), 8)):
            work = {"title": self.title(), "type": rng.choice(WORK_TYPES[category])}
            if rng.random() < 0.4:
                work["identifier"] = f"ISBN 978-{rng.randint(0, 9)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}"
            if rng.random() < 0.6:
                work["location"] = f"https://{domain}/{comparison_key(work['title'])}"
            work["rights_reservation"] = rng.choice(RESERVATIONS.get(category, ["robots_txt", "other_protocol", "terms", "none"]))
            works.append(work)
        return self.submission(received, role, name, organisation, email, rng.choice(COUNTRIES), rightsholder, works,
                               category, domain)

    def submission(self, received, role, name, organisation, email, country, rightsholder, works, category, domain):
        rng = self.rng
        description, common = self.description(category, domain, received, works)
        complainant = {"role": role, "name": name, "email": email, "country": country}
        if organisation:
            complainant["organisation"] = organisation
        sub = {"complainant": complainant, "works": works, "category": category, "model": rng.choice(MODELS),
               "description": description,
               "evidence_urls": [f"https://{domain}/logs/{self.date_text(received - rng.randint(5, 120) * 86400)[:7]}.txt"
                                 for _ in range(rng.choice([0, 0, 1, 1, 2]))],
               "declarations": {"good_faith": True, "accurate_and_complete": True}}
        if rightsholder:
            sub["rightsholder"] = rightsholder
        if rng.random() < 0.6:
            sub["observed_on"] = self.date_text(received - rng.randint(0, 90) * 86400)
        return sub, common

    # -- the text of events --

    def note(self, ref_t):
        rng = self.rng
        return rng.choice([
            f"Checked the access logs: {rng.randint(3, 900) * 10} requests from ExampleBot between {self.date_text(ref_t - rng.randint(40, 200) * 86400)} and {self.date_text(ref_t - rng.randint(1, 39) * 86400)}.",
            "Asked the data team whether the works are in the training set; waiting for their answer.",
            "The data team confirms the domain was crawled before the reservation was published.",
            f"Legal review requested from {rng.choice(REVIEWERS)}.",
            "Mandate checked against the register of the collecting society: valid.",
            f"Compared {rng.randint(2, 40)} sample outputs with the works; overlap is limited to short quotations.",
            "Called the complainant; they will send the server logs by email.",
            "Possible repeat of an earlier complaint by the same rightsholder; compare before deciding.",
            f"Exclusion list updated in the staging crawler configuration, release {rng.randint(10, 99)}.{rng.randint(0, 9)}.",
            "Escalated to the head of compliance for a decision on the policy question.",
        ])

    def message(self):
        rng = self.rng
        return rng.choice([
            "Thank you for your complaint. We are reviewing the works you listed and will come back to you.",
            "We have forwarded your complaint to our data team and expect their findings within two weeks.",
            "Could you confirm the date from which your rights reservation was in place?",
            "We need a few more days to check the crawl logs for your domain; thank you for your patience.",
            "Your complaint has been assigned to a reviewer, who will contact you if anything is missing.",
        ])

    def awaiting_message(self):
        rng = self.rng
        return rng.choice([
            "Please send the server logs showing the requests you mention, with their dates and user agents.",
            "Please send a copy of the mandate signed by the rightsholder.",
            "Please tell us the exact addresses of the pages that carry the rights reservation.",
            "Please send examples of the outputs, with the prompts that produced them and the dates.",
            "Please confirm that you act for the rightsholder for all the works listed.",
        ])

    def reply(self):
        rng = self.rng
        return rng.choice([
            "Attached are the logs you asked for; the requests are on the lines marked in yellow.",
            "The mandate covers all the listed works; a signed copy follows by post.",
            "The reservation has been in our robots.txt since the site was launched.",
            "Here are five prompts and outputs from last week, with the dates.",
            "Is there any news on our complaint?",
            "Thank you, we look forward to your decision.",
        ])

    def justification(self):
        rng = self.rng
        return rng.choice([
            "The crawl logs for the period are archived and take a week to restore.",
            "The data team needs more time to search the training sets for the listed works.",
            "The complaint lists many works and each has to be checked against the crawl records.",
            "We are waiting for the opinion of outside counsel on the rights reservation used.",
        ])

    def decision(self, outcome, holder):
        rng = self.rng
        return {
            "upheld": f"We confirmed that our crawler did not honour the reservation of {holder}. We have taken the actions listed below and will not use the works.",
            "partially_upheld": f"We confirmed part of the complaint of {holder}: some of the works were collected after the reservation. We have taken the actions listed below.",
            "rejected": rng.choice([
                "Our logs show that the pages were collected before the rights reservation was published, so it could not be honoured then.",
                "We found no trace of the listed works in our crawl records or training data, and the outputs you sent do not reproduce them.",
            ]),
            "manifestly_unfounded": "The complaint concerns works that are not protected by copyright or that the complainant has no rights in.",
            "duplicate": "This complaint repeats an earlier complaint of the same rightsholder that we have already decided; our decision on it stands.",
        }[outcome]

    def action(self, holder):
        rng = self.rng
        kind = rng.choice(ACTION_TYPES)
        text = {
            "crawler_exclusion": f"{self.domain(holder)} added to the crawler exclusion list.",
            "output_safeguard": "Output filter updated to block long verbatim passages of the works.",
            "policy_update": "Copyright policy updated to name the reservation protocol used.",
            "data_removal": f"{rng.randint(2, 500)} documents removed from the training corpus.",
            "other": "Contact point added to the crawler documentation.",
        }[kind]
        return {"type": kind, "text": text}


# ---------------------------------------------------------------------------------------------

def plan_lifecycle(rng, final, extras, n_staff_units_cap=3):
    """The ordered steps of one case's life. `final` is ('open', status) or ('closed', kind) with
    kind 'staff', 'withdrawn' or 'reopened'. Every step is one event except 'reply_resume' (the
    reply and the transition it causes) and is a legal move in CaseLifecycle. `extras` events are
    added to the skeleton; returns (steps, event count)."""
    steps = ["submitted"]
    kind, what = final
    if kind == "open" and what == "received":
        skeleton_tail, acked = [], False
    elif kind == "closed" and what == "withdrawn":
        # Acknowledged first three times in four: that step comes out of the extras.
        acked = extras > 0 and rng.random() < 0.75
        extras -= acked
        skeleton_tail = ["withdraw"]
    else:
        acked = True
        skeleton_tail = {"in_review": [], "awaiting_complainant": ["await"], "staff": ["close"],
                         "reopened": ["close", "reopen", "close"]}[what]
    left = extras
    assigns = 0
    ext_days = 0
    # Phase 0 (received): an early assignment, sometimes a message.
    if left > 0 and rng.random() < (0.9 if not acked else 0.45):
        steps.append("assign")
        assigns += 1
        left -= 1
    if acked:
        steps.append("ack")
    body = []
    while left > 0:
        if acked:
            options = [("note", 0.30), ("message", 0.14), ("reply", 0.08), ("pause3", 0.22 if left >= 3 else 0),
                       ("pause2", 0.10 if left >= 2 else 0), ("assign", 0.08 if assigns < n_staff_units_cap else 0),
                       ("extend", 0.05 if ext_days < 30 else 0)]
        else:
            options = [("note", 0.5), ("message", 0.2), ("reply", 0.2), ("assign", 0.1 if assigns < 2 else 0),
                       ("extend", 0.03 if ext_days < 30 else 0)]
        unit = weighted(rng, options)
        if unit == "pause3":
            body += ["await", "reply_resume"]
            left -= 3
        elif unit == "pause2":
            body += ["await", "resume"]
            left -= 2
        else:
            if unit == "assign":
                assigns += 1
            if unit == "extend":
                ext_days += 7
            body.append(unit)
            left -= 1
    if what == "reopened":
        # Some of the work happens after the reopening.
        cut = rng.randint(0, len(body))
        steps += body[:cut] + ["close", "reopen"] + body[cut:] + ["close"]
    else:
        steps += body + skeleton_tail
    count = len(steps) + steps.count("reply_resume")
    return steps, count


def skeleton_size(final):
    kind, what = final
    if kind == "open":
        return {"received": 1, "in_review": 2, "awaiting_complainant": 3}[what]
    return {"staff": 3, "withdrawn": 2, "reopened": 5}[what]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="events of the cases (the staff tokens' events come on top)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--years", type=float, default=3.0, help="cases were received over this many years before now")
    parser.add_argument("--now", type=int, default=None, help="Unix time taken as now (default: the clock)")
    parser.add_argument("--timezone", default="Europe/Brussels", help="the operator's zone (the portal's default)")
    parser.add_argument("--acknowledge-days", type=int, default=4, help="complaint_targets.acknowledge_within_days")
    parser.add_argument("--respond-days", type=int, default=30, help="complaint_targets.respond_within_days")
    parser.add_argument("--due-soon-days", type=int, default=3)
    parser.add_argument("--very-overdue-days", type=int, default=14)
    parser.add_argument("--binary", help="compliance-portal binary: run `migrate` with it first")
    parser.add_argument("--migrations", help="the migrations folder for --binary")
    args = parser.parse_args()
    started = time.monotonic()
    n_cases, n_events = args.cases, args.events
    if n_cases < 10:
        sys.exit("fill_cases: --cases must be at least 10")
    if n_events < 3 * n_cases:
        sys.exit("fill_cases: --events must be at least 3 x --cases (a closed case has at least 3 events)")

    if args.binary:
        command = [args.binary, "migrate", "--database", args.database]
        if args.migrations:
            command += ["--migrations", args.migrations]
        subprocess.run(command, check=True, stdout=sys.stderr)

    now = args.now if args.now is not None else int(time.time())
    gen = Generator(args, now)
    rng = gen.rng
    zone = gen.zone
    log = lambda message: print(f"fill_cases: {message} ({time.monotonic() - started:.1f} s)", file=sys.stderr, flush=True)

    # -- when each case arrived: more recently, more often (density grows 1 -> 3 over the period) --
    span = now - 3600 - gen.start
    received = sorted(gen.start + int(span * (math.sqrt(1 + 8 * rng.random()) - 1) / 2) for _ in range(n_cases))

    # -- which cases are still open: most recent ones, and a backlog (10 % in all) --
    ages = [(now - r) / 86400 for r in received]

    def p_recent(age):
        return 0.92 if age < 7 else 0.75 if age < 20 else 0.45 if age < 45 else 0.12 if age < 90 else None

    recent_expected = sum(p_recent(a) for a in ages if p_recent(a) is not None)
    n_old = sum(1 for a in ages if p_recent(a) is None)
    p_old = max(0.0, (0.10 * n_cases - recent_expected) / n_old) if n_old else 0.0

    finals = []
    for age in ages:
        p = p_recent(age)
        if rng.random() < (p if p is not None else p_old):
            if age < 5:
                status = weighted(rng, [("received", 0.40), ("in_review", 0.45), ("awaiting_complainant", 0.15)])
            elif age < 45:
                status = weighted(rng, [("received", 0.05), ("in_review", 0.65), ("awaiting_complainant", 0.30)])
            else:
                status = weighted(rng, [("received", 0.03), ("in_review", 0.32), ("awaiting_complainant", 0.65)])
            finals.append(("open", status))
        else:
            x = rng.random()
            finals.append(("closed", "withdrawn" if x < 0.07 else "reopened" if x < 0.075 else "staff"))

    # -- how many events each case has: the skeleton plus a share of the rest, richer for older cases --
    skeletons = [skeleton_size(f) for f in finals]
    spare = n_events - sum(skeletons)
    if spare < 0:
        sys.exit(f"fill_cases: --events must be at least {sum(skeletons)} for this mix of cases")
    weights = [rng.lognormvariate(0, 0.6) * (0.25 + 0.75 * min(1.0, age / 40)) for age in ages]
    total_w = sum(weights)
    shares = [w * spare / total_w for w in weights]
    extras = [int(s) for s in shares]
    for i in sorted(range(n_cases), key=lambda i: extras[i] - shares[i])[: spare - sum(extras)]:
        extras[i] += 1
    log(f"planned {n_cases} cases ({sum(1 for f in finals if f[0] == 'open')} open), {n_events} events")

    # -- the cases --
    selective = set(rng.sample(range(n_cases), min(20, max(1, n_cases // 100))))
    sequences = {}
    first_of_fingerprint = {}
    case_rows, complaint_rows, search_rows = [], [], []
    events = []          # (time, case index, step number, type, actor, payload text)
    facts = []           # per case: what the summary and the duplicate rule need
    common_cases = 0
    selective_cases = 0
    duplicates = 0
    case_index_of = {}
    for i in range(n_cases):
        r = received[i]
        rdate = zone.local_date(r)
        year = rdate.year
        sequences[year] = sequences.get(year, 0) + 1
        reference = f"CPL-{year}-{sequences[year]:06d}"
        # A repeat of a recent complaint (same rightsholder, category and works): 3 %.
        repeat_of = None
        if i > 20 and rng.random() < 0.03 and i not in selective:
            repeat_of = rng.randint(max(0, i - 600), i - 1)
            if repeat_of in selective:
                repeat_of = None
        if repeat_of is not None:
            base = facts[repeat_of]["submission"]
            sub, common = gen.submission(r, base["complainant"]["role"], base["complainant"]["name"],
                                         base["complainant"].get("organisation"), base["complainant"]["email"],
                                         base["complainant"]["country"], base.get("rightsholder"), base["works"],
                                         base["category"], gen.domain(facts[repeat_of]["holder"]))
        else:
            sub, common = gen.complaint(r, SELECTIVE_SURNAME if i in selective else None)
        holder = sub["rightsholder"]["name"] if "rightsholder" in sub else (sub["complainant"].get("organisation") or sub["complainant"]["name"])
        works_key = sorted(comparison_key(w["title"]) + "|" + w["type"] + "|" + comparison_key(w.get("identifier", "")) for w in sub["works"])
        fingerprint = sha256_hex(canonical({"category": sub["category"], "rightsholder": comparison_key(holder), "works": works_key}))
        duplicate_of = first_of_fingerprint.get(fingerprint)
        if duplicate_of is None:
            first_of_fingerprint[fingerprint] = reference
        submission_text = canonical(sub)
        duplicates += duplicate_of is not None
        strings = [sub["complainant"]["name"], sub["complainant"]["email"], sub["description"], holder]
        strings += [v for w in sub["works"] for v in w.values()] + sub["evidence_urls"]
        if "rightsholder" in sub:
            strings.append(sub["rightsholder"]["mandate"])
        if "organisation" in sub["complainant"]:
            strings.append(sub["complainant"]["organisation"])
        for text in strings:
            check_text(text)
        names = " ".join([sub["complainant"]["name"], sub["complainant"].get("organisation") or "", holder])
        titles = " ".join(w["title"] for w in sub["works"])
        case_id = i + 1
        # A status token as Portal/Cases/StatusToken.swift makes it: 256 random bits, then the
        # case id in 6 bytes masked with the first 6 random bytes.
        secret = rng.getrandbits(256).to_bytes(32, "big")
        masked_id = bytes(a ^ b for a, b in zip(case_id.to_bytes(6, "big"), secret[:6]))
        token = base64.urlsafe_b64encode(secret + masked_id).rstrip(b"=").decode()
        ack_by = zone.end_of_day(rdate + timedelta(days=args.acknowledge_days))
        respond_by = zone.end_of_day(rdate + timedelta(days=args.respond_days))
        case_rows.append([case_id, reference, year, sequences[year], r, ack_by, respond_by, sha256_hex(token), submission_text,
                          fingerprint, duplicate_of])
        complaint_rows.append((case_id, sub["complainant"]["role"], sub["complainant"]["name"], sub["complainant"]["email"],
                               holder, sub["category"], sub["model"], len(sub["works"])))
        search_rows.append((case_id, reference, names, titles, sub["description"]))
        # What a prefix search for each term finds (FTS5 unicode61 splits ASCII text at anything
        # but letters and digits, and folds case).
        words = set(WORD.findall(" ".join([reference, names, titles, sub["description"]]).lower()))
        common_cases += any(w.startswith(COMMON_WORD) for w in words)
        selective_cases += any(w.startswith(SELECTIVE_SURNAME.lower()) for w in words)

        # -- its life --
        final = finals[i]
        steps, count = plan_lifecycle(rng, final, extras[i])
        assert count == skeletons[i] + extras[i], (final, steps, count, skeletons[i], extras[i])
        # Gaps before each step, in seconds.
        kind, what = final
        active_days = rng.lognormvariate(math.log(6 if what == "withdrawn" else 13), 0.8 if what == "withdrawn" else 0.55)
        active_steps = sum(1 for s in steps[1:] if s not in ("ack",)) or 1
        gaps = [0.0]
        status = "received"
        for step in steps[1:]:
            if status == "awaiting_complainant":
                gap = rng.uniform(15, 60) if rng.random() < 0.12 else rng.expovariate(1 / 5)
            elif step == "ack":
                gap = rng.uniform(4.2, 9) if rng.random() < 0.06 else min(3.5, rng.expovariate(1 / 0.7))
            elif status == "received":
                gap = rng.expovariate(1 / 0.2)
            elif status == "closed":
                gap = rng.expovariate(1 / 25)
            else:
                gap = active_days / active_steps * rng.expovariate(1)
            gaps.append(gap * 86400)
            status = {"ack": "in_review", "await": "awaiting_complainant", "resume": "in_review", "reply_resume": "in_review",
                      "close": "closed", "reopen": "in_review", "withdraw": "closed"}.get(step, status)
        limit = now - 600 - 2 * len(steps) - r
        total = sum(gaps)
        if kind == "open":
            limit = limit * rng.uniform(0.5, 0.98) if total > limit else limit
        if total > limit:
            gaps = [g * max(0, limit) / total for g in gaps]
        times = []
        t = float(r)
        for g in gaps:
            t += g
            times.append(max(int(t), (times[-1] + 1) if times else r))

        # -- its events --
        primary = rng.choice(REVIEWERS)
        assignee = None
        status = "received"
        outcome = None
        closed_at = None
        ext_days = 0
        pauses = []            # (start, end or None), in local-date ordinals, for the deadline estimate
        acknowledged_at = None
        closes = []
        seq = 0

        def add(t, type_, actor, payload):
            nonlocal seq
            events.append((t, i, seq, type_, actor, canonical(payload)))
            seq += 1

        for step, t in zip(steps, times):
            staff = primary if rng.random() < 0.85 else rng.choice(REVIEWERS + ADMINS)
            if step == "submitted":
                payload = {"submission_sha256": sha256_hex(submission_text), "attachments": []}
                if duplicate_of:
                    payload["possible_duplicate_of"] = duplicate_of
                add(t, "submitted", "complainant", payload)
            elif step == "ack":
                add(t, "transitioned", staff, {"from": "received", "to": "in_review"})
                status, acknowledged_at = "in_review", t
            elif step == "assign":
                if assignee is None or rng.random() < 0.85:
                    new = primary if assignee is None else rng.choice([n for n in REVIEWERS if n != assignee])
                else:
                    new = None
                actor = new if new and rng.random() < 0.6 else rng.choice(REVIEWERS + ADMINS)
                add(t, "assigned", actor, {"assignee": new, "previous": assignee})
                assignee = new
                primary = new or primary
            elif step == "note":
                add(t, "note_added", staff, {"text": check_text(gen.note(t))})
            elif step == "message":
                add(t, "message_sent", staff, {"text": check_text(gen.message())})
            elif step == "reply":
                add(t, "reply_received", "complainant", {"text": check_text(gen.reply())})
            elif step == "extend":
                days = min(rng.choice([7, 7, 14, 10, 5]), 30 - ext_days)
                if days <= 0 or status == "closed":
                    add(t, "note_added", staff, {"text": check_text(gen.note(t))})
                else:
                    add(t, "extended", staff, {"days": days, "justification": check_text(gen.justification())})
                    ext_days += days
            elif step == "await":
                add(t, "transitioned", staff, {"from": "in_review", "to": "awaiting_complainant",
                                               "message": check_text(gen.awaiting_message())})
                status = "awaiting_complainant"
                pauses.append([t, None])
            elif step == "resume":
                add(t, "transitioned", staff, {"from": "awaiting_complainant", "to": "in_review"})
                status = "in_review"
                pauses[-1][1] = t
            elif step == "reply_resume":
                add(t, "reply_received", "complainant", {"text": check_text(gen.reply())})
                add(t, "transitioned", "complainant", {"from": "awaiting_complainant", "to": "in_review", "reason": "reply received"})
                status = "in_review"
                pauses[-1][1] = t
            elif step == "close":
                closes.append((t, staff))
                outcome = weighted(rng, OUTCOMES)
                # A repeat of a case decided before: the duplicate outcome, naming that case.
                if duplicate_of and what != "reopened" and rng.random() < 0.8:
                    first = facts[case_index_of[duplicate_of]]
                    if first["final"] in (("closed", "staff"),) and first["outcome"] not in (None, "withdrawn") and first["closed_at"] < t:
                        outcome = "duplicate"
                payload = {"from": "in_review", "to": "closed", "outcome": outcome, "decision": check_text(gen.decision(outcome, holder)),
                           "redress": REDRESS}
                if outcome in ("upheld", "partially_upheld"):
                    payload["actions"] = [gen.action(holder) for _ in range(rng.choice([1, 1, 2]))]
                    for a in payload["actions"]:
                        check_text(a["text"])
                if outcome == "duplicate":
                    payload["duplicate_of"] = duplicate_of
                add(t, "transitioned", staff, payload)
                status, closed_at = "closed", t
                pauses.append([t, None])
            elif step == "reopen":
                admin = rng.choice(ADMINS)
                add(t, "transitioned", admin, {"from": "closed", "to": "in_review",
                                               "reason": "The complainant sent new evidence after the decision."})
                status, outcome, closed_at = "in_review", None, None
                pauses[-1][1] = t
            elif step == "withdraw":
                payload = {"from": status, "to": "closed", "outcome": "withdrawn"}
                if rng.random() < 0.5:
                    payload["reason"] = rng.choice(["We reached an agreement with the provider.", "Filed by mistake.",
                                                    "The matter is now before a court."])
                add(t, "transitioned", "complainant", payload)
                if status == "awaiting_complainant":
                    pauses[-1][1] = t
                status, outcome, closed_at = "closed", "withdrawn", t
            else:
                raise AssertionError(step)
        check_text(REDRESS)
        expected_status = what if kind == "open" else "closed"
        assert status == expected_status, (final, steps, status)
        case_rows[-1] += [status, assignee, outcome, rfc3339(closed_at) if closed_at else None]
        facts.append({"submission": sub, "holder": holder, "final": final, "outcome": outcome, "closed_at": closed_at,
                      "events": count, "reference": reference, "status": status, "pauses": pauses, "received": r,
                      "acknowledged_at": acknowledged_at, "ext_days": ext_days})
        case_index_of[reference] = i
    log(f"generated {len(events)} events")
    assert len(events) == n_events, (len(events), n_events)

    # -- the deadline states of the open cases now (DeadlineCalculator, calendar days) --
    today = zone.local_date(now).toordinal()
    states = {}
    for f in facts:
        if f["status"] == "closed":
            continue
        rday = zone.local_date(f["received"]).toordinal()
        if f["acknowledged_at"] is None:
            due_day = rday + args.acknowledge_days
        else:
            pauses = [(zone.local_date(s).toordinal(), zone.local_date(e).toordinal() if e else today) for s, e in f["pauses"]]
            pauses = [(s, max(s, e)) for s, e in pauses]
            due_day = counting_day(rday, args.respond_days + f["ext_days"], pauses)
        due = zone.end_of_day(date.fromordinal(due_day))
        if now > due:
            state = "very_overdue" if today - due_day >= args.very_overdue_days else "overdue"
        else:
            state = "due_soon" if due_day - today <= args.due_soon_days else "on_track"
        states[state] = states.get(state, 0) + 1

    # -- the chain, in time order across cases --
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    if events and events[-1][0] >= now:
        sys.exit("fill_cases: an event would lie in the future")

    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    db.execute("PRAGMA temp_store=MEMORY")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("cases", "complaints", "case_events", "case_search", "staff_tokens"):
        if table not in tables:
            sys.exit(f"fill_cases: {args.database} has no {table} table: run compliance-portal migrate first (--binary)")
    if db.execute("SELECT count(*) FROM cases").fetchone()[0]:
        sys.exit(f"fill_cases: {args.database} already holds cases")
    row = db.execute("SELECT id, hash FROM case_events ORDER BY id DESC LIMIT 1").fetchone()
    next_id, previous = (row[0] + 1, row[1]) if row else (1, GENESIS)
    staff_at = min(received[0], events[0][0]) - 30 * 86400

    db.execute("BEGIN")
    token_events = 0
    for offset, name in enumerate(REVIEWERS + ADMINS):
        if db.execute("SELECT 1 FROM staff_tokens WHERE name = ? AND revoked_at IS NULL", (name,)).fetchone():
            continue
        role = "admin" if name in ADMINS else "reviewer"
        t = staff_at + offset * 60
        secret = "cpst_" + base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).rstrip(b"=").decode()
        db.execute("INSERT INTO staff_tokens (name, role, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)",
                   (name, role, sha256_hex(secret), rfc3339(t)))
        payload = canonical({"name": name, "role": role})
        occurred = rfc3339(t)
        h = chain_hash(previous, None, "token_created", "cli", occurred, payload)
        db.execute("INSERT INTO case_events (id, case_id, type, actor, occurred_at, payload, previous_hash, hash) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
                   (next_id, "token_created", "cli", occurred, payload, previous, h))
        previous, next_id = h, next_id + 1
        token_events += 1
    db.executemany("""INSERT INTO cases (id, reference, type, year, sequence, status, received_at, acknowledge_by, respond_by,
                                         status_token_hash, submission, fingerprint, duplicate_of, assignee, outcome, closed_at)
                      VALUES (?, ?, 'complaint', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                   ((c[0], c[1], c[2], c[3], c[11], rfc3339(c[4]), rfc3339(c[5]), rfc3339(c[6]), c[7], c[8], c[9], c[10],
                     c[12], c[13], c[14]) for c in case_rows))
    db.executemany("""INSERT INTO complaints (case_id, role, complainant_name, complainant_email, rightsholder_name, category,
                                              model, work_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", complaint_rows)
    db.executemany("INSERT INTO case_search (rowid, reference, names, titles, description) VALUES (?, ?, ?, ?, ?)", search_rows)
    db.execute("COMMIT")
    log("wrote cases, complaints, case_search and staff tokens")
    references = [c[1] for c in case_rows]
    del case_rows, complaint_rows, search_rows

    batch = []
    db.execute("BEGIN")
    for t, i, _, type_, actor, payload in events:
        occurred = rfc3339(t)
        h = chain_hash(previous, references[i], type_, actor, occurred, payload)
        batch.append((next_id, i + 1, type_, actor, occurred, payload, previous, h))
        previous, next_id = h, next_id + 1
        if len(batch) == 100_000:
            db.executemany("INSERT INTO case_events (id, case_id, type, actor, occurred_at, payload, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    db.executemany("INSERT INTO case_events (id, case_id, type, actor, occurred_at, payload, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.execute("COMMIT")
    log("wrote the events")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    # -- what was written --
    by_status = {}
    by_outcome = {}
    for f in facts:
        by_status[f["status"]] = by_status.get(f["status"], 0) + 1
        if f["outcome"]:
            by_outcome[f["outcome"]] = by_outcome.get(f["outcome"], 0) + 1
    counts = sorted(range(n_cases), key=lambda i: (facts[i]["events"], i))
    sample = facts[counts[int(0.9 * (n_cases - 1))]]
    summary = {
        "database": args.database, "now": rfc3339(now), "cases": n_cases, "case_events": len(events),
        "token_events": token_events, "head_hash": previous, "last_event_id": next_id - 1,
        "first_received": rfc3339(received[0]), "last_received": rfc3339(received[-1]),
        "by_status": dict(sorted(by_status.items())), "by_outcome": dict(sorted(by_outcome.items())),
        "open_deadline_states": dict(sorted(states.items())),
        "expected_overdue": states.get("overdue", 0) + states.get("very_overdue", 0),
        "duplicates_flagged": duplicates,
        "selective_term": SELECTIVE_SURNAME, "selective_matches": selective_cases,
        "common_term": COMMON_WORD, "common_matches": common_cases,
        "sample_reference": sample["reference"], "sample_events": sample["events"],
        "max_events_per_case": facts[counts[-1]]["events"],
        "staff": {"reviewers": REVIEWERS, "admins": ADMINS},
        "fill_seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
