// The preview gallery's behaviour: copy an embed snippet, open an issue in both frames.
document.addEventListener("click", event => {
  const copy = event.target.closest("button[data-copy]");
  if (copy) {
    const status = copy.parentElement.querySelector(".status");
    const text = document.getElementById(copy.dataset.copy).textContent;
    navigator.clipboard.writeText(text).then(
      () => { status.textContent = copy.dataset.copied; },
      () => { status.textContent = copy.dataset.refused; });
    return;
  }
  const subject = event.target.closest("a[data-phone]");
  if (!subject) return;
  const phone = document.querySelector("iframe[name='" + CSS.escape(subject.dataset.phone) + "']");
  phone.src = subject.href;
  document.querySelectorAll(".row[aria-current]").forEach(row => row.removeAttribute("aria-current"));
  subject.closest(".row").setAttribute("aria-current", "true");
  phone.closest(".frames").scrollIntoView({behavior: "smooth", block: "start"});
});
