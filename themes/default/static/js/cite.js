// Adds a "复制" (copy) button beside each citation of an entry page. The page
// works without it: the citations are plain text that one click selects.
for (const p of document.querySelectorAll('.citation[id]')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy-button';
  button.textContent = '复制';
  button.setAttribute('aria-label', `复制${p.id === 'citation-gbt' ? ' GB/T 7714 ' : '纯文本'}引文`);
  button.addEventListener('click', async () => {
    const text = p.textContent.trim();
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      done = document.execCommand('copy');
    }
    button.textContent = done ? '已复制' : '请按 Ctrl+C 复制';
  });
  p.after(button);
}
