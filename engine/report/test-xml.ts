// XML for the JUnit tests, read by a maintained parser (fast-xml-parser): `parseXml` throws on
// anything not well-formed and returns a small element tree with decoded attributes and text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside this element. */
  text: string;
}

// XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. The validator
// does not check characters, so this does.
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const INVALID_REF = /&#(?:x([0-9a-f]+)|([0-9]+));/gi;

export function parseXml(xml: string): XmlElement {
  const bad = INVALID_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} is not allowed in XML`);
  for (const m of xml.matchAll(INVALID_REF)) {
    const code = m[1] ? parseInt(m[1], 16) : Number(m[2]);
    if (INVALID_CHAR.test(String.fromCodePoint(code))) throw new Error(`XML forbids the character reference ${m[0]}`);
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new Error(`not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // Entities are decoded below in one pass, so `&amp;#9;` never turns into a tab.
    processEntities: false,
  });
  const nodes = parser.parse(xml) as OrderedNode[];
  const roots = nodes.map(toElement).filter((e): e is XmlElement => !!e && e.name !== '?xml');
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '#text') return undefined;
  const kids = (node[name] as OrderedNode[]) ?? [];
  return {
    name,
    attrs: Object.fromEntries(Object.entries(node[':@'] ?? {}).map(([k, v]) => [k, decode(String(v))])),
    children: kids.map(toElement).filter((e): e is XmlElement => !!e),
    text: decode(kids.map((k) => (typeof k['#text'] === 'string' || typeof k['#text'] === 'number' ? String(k['#text']) : '')).join('')),
  };
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  // A conforming parser normalizes literal CR/CRLF to LF before decoding references.
  return text.replace(/\r\n?/g, '\n').replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (_m, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()];
    return String.fromCodePoint(ref[1].toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
  });
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
