"""Report data with markup in every kind of text that comes from data: it must show as text."""

from __future__ import annotations

import dataclasses
import json

INJECTION = '<script>alert("injected")</script>'


def malicious(report):
    """``report`` with a script tag in the explanation, an evidence claim, a route name, a citation
    the state's name, an outage's commodity and route name and the hedging verdict, and an image with
    an onerror handler in the explanation."""
    classification = json.loads(json.dumps(report.classification))
    classification["explanation"] = f"An explanation {INJECTION} with <img src=x onerror=alert(2)> in it."
    classification["phases"][0]["evidence"][0]["claim"] = f"claim {INJECTION}"
    routes = json.loads(json.dumps(report.routes))
    routes["estimates"][0]["routes"][0]["name"] = f"</script>{INJECTION}"
    outages = json.loads(json.dumps(report.outages))
    outages[0]["commodity"] = f"oil {INJECTION}"
    outages[0]["routes"][0]["name"] = f"</script>{INJECTION}"
    hedging = json.loads(json.dumps(report.hedging))
    hedging["verdict"]["statement"] = f"a verdict {INJECTION}"
    citations = {**report.citations, "evil_source": f"A fact title {INJECTION}"}
    return dataclasses.replace(
        report,
        classification=classification,
        routes=routes,
        citations=citations,
        outages=outages,
        hedging=hedging,
        name=f"Kazakhstan {INJECTION}",
    )
