// "Copy link to this case": without script a plain link to the case's permanent address; with
// it, a click copies that address to the clipboard and says so (in a live region, for screen readers).
(() => {
  for (const link of document.querySelectorAll("a.debunk-copy-link")) {
    if (!navigator.clipboard) return;
    const status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "debunk-copy-status";
    link.after(status);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(
        () => { status.textContent = " Link copied"; },
        () => { status.textContent = " Could not copy: use the link's menu to copy it"; },
      );
    });
  }
})();
