// Keyboard access to two of Material's controls that only a pointer could use well.
(() => {
  // The colour scheme toggle is a pair of radio buttons, and on a first visit, when the scheme
  // follows the system setting, neither is checked: Tab then lands on the first one, whose label
  // can name the wrong action ("Switch to dark mode" while the page is dark). Checking the radio
  // of the scheme in force makes the focused control name what it will do. Material switches on
  // Enter; Space, which does nothing on a checked radio, switches too.
  const palette = document.querySelector("form[data-md-component=palette]");
  if (palette) {
    const inputs = [...palette.querySelectorAll("input.md-option")];
    const sync = () => {
      const scheme = document.body.getAttribute("data-md-color-scheme");
      for (const input of inputs) {
        if (input.getAttribute("data-md-color-scheme") === scheme) input.checked = true;
      }
    };
    sync();
    new MutationObserver(sync).observe(document.body, { attributeFilter: ["data-md-color-scheme"] });
    palette.addEventListener("keydown", (event) => {
      if (event.key !== " ") return;
      event.preventDefault();
      const next = inputs[(inputs.findIndex((input) => input.checked) + 1) % inputs.length];
      next.click();
      next.focus();
    });
  }

  // On narrow screens the navigation is a drawer opened by a <label>, which Tab never reaches
  // (debunk.css keeps the closed drawer's links out of the Tab order). Make it a button.
  const drawer = document.getElementById("__drawer");
  const button = document.querySelector(".md-header label[for=__drawer]");
  if (drawer && button) {
    const nav = document.querySelector(".md-nav--primary");
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", (nav && nav.getAttribute("aria-label")) || "Navigation");
    const expanded = () => button.setAttribute("aria-expanded", String(drawer.checked));
    expanded();
    drawer.addEventListener("change", () => {
      expanded();
      // Opened from the button: go into the drawer rather than through the rest of the header.
      const first = nav && nav.querySelector("a[href]");
      if (drawer.checked && document.activeElement === button && first) first.focus();
    });
    button.addEventListener("keydown", (event) => {
      if (event.key !== " ") return; // Material already clicks a focused label on Enter
      event.preventDefault();
      drawer.click();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      button.focus();
    });
  }
})();
