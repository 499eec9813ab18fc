// Progressive enhancement only: every page works without JavaScript.
// A select marked .auto-submit submits its form when it changes (the sort order).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.classList.contains("auto-submit") && target.form) {
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});

// On a phone, facet groups start closed unless one of their options is selected.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia("(max-width: 720px)").matches) {
    return;
  }
  document.querySelectorAll("details.facet").forEach(function (facet) {
    if (!facet.querySelector(".is-selected")) {
      facet.open = false;
    }
  });
});

// A table box that scrolls (sideways, or down: the chart tables have a height limit) must be
// reachable by keyboard (arrow keys scroll it) and say what it holds: it becomes a focusable,
// named region, only while its content overflows.
(function () {
  var focusable = "a[href], button, input, select, textarea, summary, [tabindex]";

  // Named after its caption, else the heading of its section (or of the page).
  function nameOf(box) {
    var figure = box.closest("figure");
    var section = box.closest("section, .panel");
    var label =
      box.querySelector("caption") ||
      (figure && figure.querySelector("figcaption")) ||
      (section && section.querySelector("h2, h3")) ||
      document.querySelector("main h1");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function update() {
    document.querySelectorAll(".table-wrap, .timeline-scroll").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      var scrolls = overflows && !box.querySelector(focusable);
      var marked = box.hasAttribute("data-scroll-region");
      if (scrolls && !marked) {
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
      } else if (!scrolls && marked) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }

  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        update();
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    update();
    // A chart drawn beside a table, a web font or a resized window can change whether it overflows.
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(schedule);
      document.querySelectorAll(".table-wrap, .timeline-scroll").forEach(function (box) {
        observer.observe(box);
      });
    }
  });
  window.addEventListener("load", update);
  window.addEventListener("resize", schedule);
})();
