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
