// Progressive enhancement for the `drukwerk serve` page; everything works without it.
// - the contrast of a colour shows while it is being picked (the server measures it:
//   one formula, the build's), and a suggested shade can be taken over without saving;
// - while a build runs, the page asks every second whether it is done and then reloads;
// - a form being sent says so and cannot be sent twice.
"use strict";
(function () {
  const form = document.getElementById("profile-form");
  if (form) {
    const colours = Array.from(form.querySelectorAll("[data-colour]"));
    let asked = 0;
    const update = async () => {
      const number = ++asked;
      const query = new URLSearchParams(colours.map((input) => [input.name, input.value]));
      const answer = await fetch("/contrast?" + query, { headers: { Accept: "application/json" } });
      if (!answer.ok || number !== asked) return;
      const found = await answer.json();
      for (const input of colours) {
        const note = document.getElementById("contrast-" + input.dataset.colour);
        const hex = input.parentElement.querySelector(".hex");
        if (hex) hex.textContent = input.value.toUpperCase();
        if (note && found[input.dataset.colour]) note.innerHTML = found[input.dataset.colour].html;
      }
    };
    colours.forEach((input) => input.addEventListener("input", update));
    form.addEventListener("click", (event) => {
      const use = event.target.closest("button.use");
      if (!use) return;
      const input = form.querySelector(`[name="${use.name}"][data-colour]`);
      if (!input) return;
      event.preventDefault();          // take the shade over; saving stays the user's choice
      input.value = use.value.toLowerCase();
      input.focus();
      update();
    });
  }
  for (const each of document.querySelectorAll("form")) {
    each.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (button && !button.classList.contains("use")) {
        setTimeout(() => { button.disabled = true; }, 0);  // after the browser took its value
      }
    });
  }
  const status = document.getElementById("status");
  if (status && status.dataset.building) {
    const poll = async () => {
      const answer = await fetch("/status");
      if (answer.ok && !(await answer.json()).building) location.reload();
      else setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }
})();
