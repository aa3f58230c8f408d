/** A CloudFormation output of the deployed stack, as the emulator resolved it. */
export interface StackOutput {
  readonly key: string;
  /** What the emulator answered; undefined when it left the output out. */
  readonly value?: string;
  /** Set when the value is not usable: why the emulator could not resolve it. */
  readonly unresolved?: string;
}

export interface TemplateOutputs {
  readonly Outputs?: Record<string, { Value?: unknown }>;
}

/**
 * Pairs each template output with its value. moto writes the Python `None` where a reference has no
 * value, typically a resource its CloudFormation skips (the API stage, so every API URL reads
 * `…/None/…`), and drops outputs that are `None` as a whole; such outputs are marked with the skipped
 * resources they refer to rather than shown as if they were addresses.
 */
export function stackOutputs(
  template: TemplateOutputs,
  values: Readonly<Record<string, string>>,
  skipped: ReadonlyArray<{ readonly logicalId: string; readonly type: string }>,
): StackOutput[] {
  const skippedTypes = new Map(skipped.map((resource) => [resource.logicalId, resource.type]));
  return Object.entries(template.Outputs ?? {}).map(([key, output]) => {
    const value = values[key];
    if (value !== undefined && !/\bNone\b/.test(value)) return { key, value };
    const missing = referencedIds(output.Value).filter((id) => skippedTypes.has(id));
    const unresolved =
      missing.length > 0
        ? `it refers to ${missing.map((id) => `${id} (${skippedTypes.get(id)})`).join(', ')}, which moto's CloudFormation does not create`
        : value === undefined
          ? 'moto left this output out'
          : 'moto had no value for a reference in it';
    return { key, ...(value === undefined ? {} : { value }), unresolved };
  });
}

/** `key: value`, or `key: (not resolved by moto: why)`. */
export function formatStackOutput(output: StackOutput): string {
  return `${output.key}: ${output.unresolved === undefined ? output.value : `(not resolved by moto: ${output.unresolved})`}`;
}

/** Logical ids a template expression refers to through Ref, Fn::GetAtt or Fn::Sub; pseudo parameters left out. */
function referencedIds(expression: unknown): string[] {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') ids.add(value);
      else if (key === 'Fn::GetAtt') ids.add(String(Array.isArray(value) ? value[0] : value).split('.')[0] as string);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(value) ? value[0] : value;
        for (const match of String(text).matchAll(/\$\{([^!}][^}.]*)/g)) ids.add(match[1] as string);
      }
      visit(value);
    }
  };
  visit(expression);
  return [...ids].filter((id) => !id.startsWith('AWS::'));
}
