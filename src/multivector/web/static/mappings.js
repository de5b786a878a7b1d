// The mapping editor: load a file into the text, upload it as text/csv, follow the composition.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("mapping-form");
  const text = document.getElementById("mapping-text");
  const error = document.getElementById("mapping-error");
  const progress = document.getElementById("mapping-progress");
  const step = document.getElementById("mapping-step");
  const bar = document.getElementById("mapping-bar");
  const ready = document.getElementById("mapping-ready");
  document.getElementById("mapping-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file) text.value = await file.text();
  });
  const show = (id, links) => {
    ready.hidden = false;
    document.getElementById("mapping-id").textContent = id;
    document.getElementById("mapping-state").href = links.state;
    document.getElementById("mapping-atlas").href = links.atlas;
  };
  const advance = (body) => {
    step.textContent = body.total ? `step ${body.done + 1} of ${body.total}: ${body.step}` : body.step;
    if (body.total) {
      bar.max = body.total;
      bar.value = body.done;
    }
  };
  const follow = async (id) => {
    for (;;) {
      const answer = await fetch("/api/mappings/" + id);
      const body = await answer.json();
      if (!answer.ok || body.state === "failed") {
        error.textContent = body.error;
        error.hidden = false;
        progress.hidden = true;
        return;
      }
      if (body.state === "ready") {
        progress.hidden = true;
        show(id, body.links);
        return;
      }
      advance(body);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    ready.hidden = true;
    progress.hidden = false;
    bar.removeAttribute("value");
    step.textContent = "checking the mapping";
    const answer = await fetch("/api/mappings", {
      method: "POST", headers: {"Content-Type": "text/csv"}, body: text.value,
    });
    const body = await answer.json();
    if (!answer.ok) {
      error.textContent = body.error;
      error.hidden = false;
      progress.hidden = true;
      return;
    }
    follow(body.mapping);
  });
});
