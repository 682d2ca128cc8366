/**
 * Builds elements without ever parsing HTML: text goes in as text nodes, so nothing the API returns
 * (file names, messages, config) can turn into markup.
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** Sets an element's text only when it changed, so screen readers and selections are not disturbed. */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/** Sets or removes an attribute, leaving it alone when it already has that value. */
export function setAttr(node, name, value) {
  if (value === null || value === undefined || value === false) {
    node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

/** A callout with a title and an optional detail line. */
export function callout(kind, title, detail) {
  return h('div', { class: `callout ${kind}`, role: kind === 'error' ? 'alert' : null },
    h('strong', { text: title }), detail ? h('p', { text: detail }) : null);
}
