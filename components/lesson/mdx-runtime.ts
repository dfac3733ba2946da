import "server-only";
import * as React from "react";
import * as jsxRuntime from "react/jsx-runtime";
import type { ComponentType } from "react";

export type MDXContent = ComponentType<{ components?: Record<string, unknown> }>;

// mdx-bundler emits a function body that expects React and the JSX runtime in scope and returns
// the module's exports. Lessons come only from content/ through review (docs/decisions), so evaluating
// their compiled code on the server is as trusted as our own code. One evaluation per content hash.
const cache = new Map<string, MDXContent>();

export function getMDXContent(code: string, contentHash: string): MDXContent {
  let component = cache.get(contentHash);
  if (!component) {
    const scope = { React, ReactDOM: {}, _jsx_runtime: jsxRuntime };
    const fn = new Function(...Object.keys(scope), code) as (...args: unknown[]) => { default: MDXContent };
    component = fn(...Object.values(scope)).default;
    if (cache.size > 500) cache.clear();
    cache.set(contentHash, component);
  }
  return component;
}
