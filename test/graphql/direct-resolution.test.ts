/**
 * What `src/graphql/direct-resolution.ts` relies on in type-graphql (and in
 * graphql-js), each assumption asserted on its own, on a small schema of test
 * classes built the way `schema.ts` builds the hub's. A type-graphql upgrade
 * that changes one of them fails here, by name, before the hub's fields
 * silently start skipping (or double-running) type-graphql's wrappers.
 */
import 'reflect-metadata';
import {
  defaultFieldResolver,
  execute,
  GraphQLScalarType,
  isInterfaceType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import {
  Args,
  ArgsType,
  Authorized,
  buildSchema,
  Ctx,
  Field,
  FieldResolver,
  getMetadataStorage,
  ID,
  Info,
  InputType,
  Int,
  InterfaceType,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { callFieldResolversDirectly, readPlainFieldsDirectly, resolveTypesDirectly, selectsOnlyPlainLeaves } from '../../src/graphql/direct-resolution';

interface Context {
  viewer: string;
}

/** Counts its runs: a field that keeps type-graphql's resolver runs it, a field read directly does not. */
let middlewareRuns = 0;
const counted: MiddlewareFn = (_data, next) => {
  middlewareRuns += 1;
  return next();
};

@InterfaceType({ resolveType: (value: { kind: string }) => value.kind })
abstract class Gadget {
  @Field(() => ID, { name: 'id' }) nodeId!: string;
  @Field() label!: string;
}

@ObjectType({ implements: Gadget })
class Widget extends Gadget {
  kind = 'Widget';
  @Field() colour!: string;
  @Field({ simple: false }) later!: string;
  @Field(() => Int) @UseMiddleware(counted) guarded!: number;
  @Field() @Authorized() secret!: string;
}

@ObjectType()
class Owner {
  @Field() name!: string;
}

@ArgsType()
class PageArgs {
  @Field(() => Int) first = 2;
}

@InputType()
class WidgetFilter {
  @Field() colour!: string;
}

@ArgsType()
class FilterArgs {
  @Field(() => WidgetFilter) filter!: WidgetFilter;
}

/** What the direct call and type-graphql's resolver handed the field resolvers, to compare. */
const received: { owner: Array<{ root: unknown; context: unknown; info: unknown }>; pages: unknown[] } = { owner: [], pages: [] };

const WIDGETS = () => [Object.assign(new Widget(), { nodeId: 'w1', label: 'Sprocket', colour: 'red', later: 'soon', guarded: 7, secret: 's' })];

@Resolver(() => Widget)
class WidgetResolver {
  @Query(() => [Gadget]) gadgets(): Gadget[] {
    return WIDGETS();
  }

  /** Plain objects, not Widget instances: type-graphql converts them for `@Root()`; the direct call must not see them. */
  @Query(() => [Gadget]) plainGadgets(): Gadget[] {
    return WIDGETS().map((widget) => ({ ...widget }));
  }

  @FieldResolver(() => Owner) owner(@Root() widget: Widget, @Ctx() context: Context, @Info() info: GraphQLResolveInfo): Owner {
    received.owner.push({ root: widget, context, info });
    return { name: `${widget.label}'s owner (${widget instanceof Widget ? 'instance' : 'plain'})` };
  }

  @FieldResolver(() => [Int]) pages(@Root() widget: Widget, @Args() args: PageArgs): number[] {
    received.pages.push(args);
    return Array.from({ length: args.first }, (_, i) => i + widget.label.length);
  }

  @FieldResolver(() => String) motto(): string {
    return 'made to last';
  }

  @FieldResolver(() => Boolean) matches(@Root() widget: Widget, @Args() { filter }: FilterArgs): boolean {
    return widget.colour === filter.colour;
  }

  @FieldResolver(() => String) viewer(@Ctx('viewer') viewer: string): string {
    return viewer;
  }

  @FieldResolver(() => String) @UseMiddleware(counted) wrapped(@Root() widget: Widget): string {
    return widget.colour.toUpperCase();
  }
}

@Resolver(() => Widget)
@UseMiddleware(counted)
class GuardedWidgetResolver {
  @FieldResolver(() => String) guardedByClass(@Root() widget: Widget): string {
    return widget.label.toLowerCase();
  }
}

const storage = getMetadataStorage();
const widgetMetadata = () => storage.objectTypes.find((it) => it.target === Widget)!;
const gadgetMetadata = () => storage.interfaceTypes.find((it) => it.target === Gadget)!;
const fieldResolver = (methodName: string) => storage.fieldResolvers.find((it) => it.methodName === methodName && it.target !== Widget)!;
/** The field metadata before any schema was built: type-graphql completes it while building. */
const fieldsBeforeBuild = widgetMetadata().fields;

const validated: Array<{ value: unknown; type: unknown }> = [];
const options = {
  resolvers: [WidgetResolver, GuardedWidgetResolver] as const,
  orphanedTypes: [Widget],
  authChecker: () => true,
  validateFn: (value: unknown, type: unknown) => {
    validated.push({ value, type });
  },
};
const validateDirect = (value: object) => {
  validated.push({ value, type: value.constructor });
};

const QUERY = `{
  gadgets { id label ... on Widget { colour later guarded secret motto viewer wrapped guardedByClass owner { name } pages(first: 3) matches(filter: { colour: "red" }) } }
  plainGadgets { id ... on Widget { owner { name } pages } }
}`;

let wrapped: GraphQLSchema;
let direct: GraphQLSchema;
let replaced: { plain: number; types: number; resolvers: number };
/** The direct schema's Widget resolvers as type-graphql made them, before direct-resolution.ts ran. */
let original: Record<string, unknown>;
const widgetFields = (schema: GraphQLSchema) => {
  const type = schema.getType('Widget');
  if (!isObjectType(type)) throw new Error('Widget is not an object type');
  return type.getFields() as Record<string, GraphQLField<unknown, unknown>>;
};
const widgetField = (schema: GraphQLSchema, name: string) => widgetFields(schema)[name];
const run = async (schema: GraphQLSchema) => {
  middlewareRuns = 0;
  received.owner.length = 0;
  received.pages.length = 0;
  validated.length = 0;
  const result = await execute({ schema, document: parse(QUERY), contextValue: { viewer: 'ada' } satisfies Context });
  return { result, middlewareRuns, owner: [...received.owner], pages: [...received.pages], validated: [...validated] };
};

beforeAll(async () => {
  wrapped = await buildSchema(options);
  direct = await buildSchema(options);
  original = Object.fromEntries(Object.values(widgetFields(direct)).map((field) => [field.name, field.resolve]));
  replaced = { plain: readPlainFieldsDirectly(direct), types: resolveTypesDirectly(direct), resolvers: callFieldResolversDirectly(direct, validateDirect) };
});

describe('type-graphql metadata that direct-resolution.ts reads', () => {
  it('is one storage, shared with buildSchema: getMetadataStorage() returns the objects buildSchema completes', () => {
    // Assumption: buildSchema works on a shallow clone of the storage, so the class and resolver metadata objects it
    // completes (fields, params, roles, middlewares) are the very ones getMetadataStorage() returns afterwards.
    expect(fieldsBeforeBuild).toBeUndefined();
    expect(widgetMetadata().fields?.length).toBeGreaterThan(0);
    expect(fieldResolver('owner').params?.length).toBe(3);
  });

  it('names object and interface types by their GraphQL name, with the class as target and the implemented interfaces listed', () => {
    // Assumption: objectTypes[].name is the schema's type name, target the decorated class, interfaceClasses the `implements` classes.
    expect(widgetMetadata()).toMatchObject({ name: 'Widget', target: Widget, interfaceClasses: [Gadget] });
    // Assumption: interfaceTypes[] carries the same, and `resolveType` as it was passed to @InterfaceType (not wrapped).
    expect(gadgetMetadata()).toMatchObject({ name: 'Gadget', target: Gadget });
    expect(gadgetMetadata().resolveType?.({ kind: 'Widget' }, {}, {} as GraphQLResolveInfo, {} as never)).toBe('Widget');
  });

  it("keeps a class's own fields on its own entry, inherited ones on the ancestor's or the interface's", () => {
    // Assumption: fields[] lists only the fields declared on that class: the code walks the lineage and the interfaces to find the rest.
    const own = widgetMetadata().fields!.map((field) => field.name);
    expect(own).toEqual(expect.arrayContaining(['colour', 'later', 'guarded', 'secret']));
    expect(own).not.toContain('nodeId');
    expect(gadgetMetadata().fields!.map((field) => field.name)).toEqual(['nodeId', 'label']);
    // Assumption: between them they declare every field of the schema's object type.
    const declared = new Set([...widgetMetadata().fields!, ...gadgetMetadata().fields!].map((field) => field.schemaName));
    expect(Object.keys(widgetFields(wrapped)).filter((name) => !declared.has(name))).toEqual([]);
  });

  it('records the property name, the GraphQL name and what makes a field more than a property read', () => {
    const field = (name: string) => [...widgetMetadata().fields!, ...gadgetMetadata().fields!].find((it) => it.name === name)!;
    // Assumption: `name` is the property, `schemaName` the GraphQL field name (`@Field({ name })`).
    expect(field('nodeId')).toMatchObject({ name: 'nodeId', schemaName: 'id' });
    // Assumption: a plain field has no params, empty middlewares, roles undefined and `simple` unset.
    expect(field('colour')).toMatchObject({ params: [], middlewares: [] });
    expect(field('colour').roles).toBeUndefined();
    expect(field('colour').simple).toBeUndefined();
    // Assumption: `@Field({ simple: false })` is recorded as `simple: false`.
    expect(field('later').simple).toBe(false);
    // Assumption: a field's @UseMiddleware shows in its `middlewares`.
    expect(field('guarded').middlewares).toEqual([counted]);
    // Assumption: @Authorized() with no roles gives `roles: []`, an array: the code tests `roles` for presence, not length.
    expect(field('secret').roles).toEqual([]);
    // Assumption: a @FieldResolver without a field of its own is added to the type's fields under its method name, params
    // included (none for `motto`): only the field-resolver list tells it from a plain field.
    expect(field('motto')).toMatchObject({ schemaName: 'motto', params: [] });
  });

  it('describes each field resolver: method, GraphQL name, resolver class, object type, params, middlewares, roles', () => {
    // Assumption: a @FieldResolver in a @Resolver(() => X) class is `external`, targets the resolver class, and
    // getObjectType() answers X.
    const owner = fieldResolver('owner');
    expect(owner).toMatchObject({ kind: 'external', methodName: 'owner', schemaName: 'owner', target: WidgetResolver, middlewares: [] });
    expect(owner.roles).toBeUndefined();
    expect(owner.getObjectType?.()).toBe(Widget);
    // Assumption: params carry their position (`index`) and a kind of 'root' | 'context' | 'info' | 'args' (among others).
    expect([...owner.params!].sort((a, b) => a.index - b.index).map((param) => param.kind)).toEqual(['root', 'context', 'info']);
    // Assumption: @Root() records the parameter's reflected class behind getType(), and no propertyName.
    const root = owner.params!.find((param) => param.kind === 'root') as { getType?: () => unknown; propertyName?: string };
    expect(root.getType?.()).toBe(Widget);
    expect(root.propertyName).toBeUndefined();
    // Assumption: @Ctx('viewer') records the property in `propertyName` (type-graphql then reads context.viewer).
    expect(fieldResolver('viewer').params![0]).toMatchObject({ kind: 'context', propertyName: 'viewer' });
    // Assumption: @Args() records the args class behind getType().
    const args = fieldResolver('pages').params!.find((param) => param.kind === 'args') as { getType(): unknown };
    expect(args.getType()).toBe(PageArgs);
    // Assumption: a method's @UseMiddleware shows in its `middlewares`; a class's @UseMiddleware is in resolverMiddlewares by target.
    expect(fieldResolver('wrapped').middlewares).toEqual([counted]);
    expect(storage.resolverMiddlewares.filter((it) => it.target === GuardedWidgetResolver).flatMap((it) => it.middlewares)).toEqual([counted]);
  });

  it("lists args classes and input classes, with each field's type behind getType()", () => {
    // Assumption: argumentTypes[] has the @ArgsType class as target; a scalar field's getType() is not a class of inputTypes.
    const page = storage.argumentTypes.find((it) => it.target === PageArgs)!;
    expect(page.fields!.map((field) => field.getType())).toEqual([Int]);
    expect(Int).toBeInstanceOf(GraphQLScalarType);
    // Assumption: an input-object field's getType() is the @InputType class, which inputTypes[] lists as a target.
    const filter = storage.argumentTypes.find((it) => it.target === FilterArgs)!;
    expect(filter.fields!.map((field) => field.getType())).toEqual([WidgetFilter]);
    expect(storage.inputTypes.some((it) => it.target === WidgetFilter)).toBe(true);
  });
});

describe('the schema type-graphql builds, before direct-resolution.ts', () => {
  it("gives every field a resolver, plain ones included, and the schema's field maps can be changed in place", () => {
    // Assumption: plain fields carry type-graphql's wrapper (the cost this module removes): `resolve` is set on every field.
    for (const name of ['colour', 'label', 'id', 'later', 'owner', 'motto']) expect(widgetField(wrapped, name).resolve, name).toBeTypeOf('function');
    // Assumption: getFields() returns the live field objects: assigning `resolve` changes what execution calls.
    expect(widgetField(wrapped, 'colour')).toBe(widgetField(wrapped, 'colour'));
  });

  it("wraps each interface's resolveType so that it answers a promise", () => {
    // Assumption (why resolveTypesDirectly exists): type-graphql's resolveType is async, which graphql-jit cannot use
    // (compiled-execution.test.ts shows it refusing a promise) and which costs every object under an interface a promise.
    const type = wrapped.getType('Gadget');
    if (!isInterfaceType(type)) throw new Error('Gadget is not an interface');
    const answer = type.resolveType!({ kind: 'Widget' }, {}, {} as GraphQLResolveInfo, type);
    expect(answer).toBeInstanceOf(Promise);
  });

  it('hands a @Root() parameter an instance of its class, converting a plain source', async () => {
    // Assumption: type-graphql converts a source that is not an instance (convertToType) and passes an instance as is:
    // the direct call hands the source over untouched, so it keeps type-graphql's resolver for plain sources.
    const { result, owner } = await run(wrapped);
    expect(result.errors).toBeUndefined();
    expect(owner.map(({ root }) => root instanceof Widget)).toEqual([true, true]);
    expect((result.data as { plainGadgets: Array<{ owner: { name: string } }> }).plainGadgets[0].owner.name).toBe("Sprocket's owner (instance)");
  });

  it('makes @Args() of scalars an instance of the args class with the values assigned, and validates it with validateFn', async () => {
    // Assumption: type-graphql builds flat args as `Object.assign(new ArgsClass(), args)` would (class defaults under the
    // GraphQL values) and calls validateFn(instance, ArgsClass, …): the direct call does the same with `validate`.
    const { pages, validated: checks } = await run(wrapped);
    expect(pages.map((args) => [args instanceof PageArgs, { ...(args as object) }])).toEqual([
      [true, { first: 3 }],
      [true, { first: 2 }],
    ]);
    expect(checks.filter((check) => check.type === PageArgs).map((check) => check.value)).toEqual(pages);
  });

  it('runs middlewares on the fields that declare them (field, method and resolver class)', async () => {
    // Assumption: a field's, a field resolver's and a resolver class's @UseMiddleware each run once per resolved field.
    expect((await run(wrapped)).middlewareRuns).toBe(3);
  });
});

describe('direct-resolution.ts on that schema', () => {
  it("reads plain fields directly: no resolver when the property has the field's name, a getter when it does not", () => {
    expect(widgetField(direct, 'colour').resolve).toBeUndefined();
    expect(widgetField(direct, 'label').resolve).toBeUndefined();
    expect(widgetField(direct, 'id').resolve!({ nodeId: 'w9' }, {}, {}, {} as GraphQLResolveInfo)).toBe('w9');
    // Assumption (graphql-js): a field without `resolve` is read by the default resolver, source[fieldName].
    expect(defaultFieldResolver({ colour: 'blue' }, {}, {}, { fieldName: 'colour' } as GraphQLResolveInfo)).toBe('blue');
  });

  it("keeps type-graphql's resolver where the field is more than a property read", () => {
    for (const name of ['later', 'guarded', 'secret', 'matches', 'viewer', 'wrapped', 'guardedByClass']) {
      expect(widgetField(direct, name).resolve, name).toBe(original[name]);
    }
    // Field resolvers of @Root, @Ctx, @Info and flat @Args only are called on their class's instance.
    for (const name of ['owner', 'pages', 'motto']) expect(widgetField(direct, name).resolve, name).not.toBe(original[name]);
    // Widget's id, label and colour, and Owner's name; the one interface; owner, pages and motto.
    expect(replaced).toEqual({ plain: 4, types: 1, resolvers: 3 });
  });

  it("answers exactly as type-graphql's resolvers do, with the middlewares and validations of the fields that keep them", async () => {
    const before = await run(wrapped);
    const after = await run(direct);
    expect(after.result).toEqual(before.result);
    expect(after.result.errors).toBeUndefined();
    expect(after.middlewareRuns).toBe(before.middlewareRuns);
    expect(after.pages).toEqual(before.pages);
    expect(after.validated.map((check) => check.type)).toEqual(before.validated.map((check) => check.type));
    // The direct call got the very source, context and info graphql-js passed (instances here; plain sources went through type-graphql).
    expect(after.owner.map(({ root, context }) => [root instanceof Widget, context])).toEqual([
      [true, { viewer: 'ada' }],
      [true, { viewer: 'ada' }],
    ]);
  });

  it('gives the interface its declared resolveType, answering a name at once', () => {
    const type = direct.getType('Gadget');
    if (!isInterfaceType(type)) throw new Error('Gadget is not an interface');
    expect(type.resolveType!({ kind: 'Widget' }, {}, {} as GraphQLResolveInfo, type)).toBe('Widget');
  });

  it('tells a selection of plain leaves (resolved at once by Loaders.reference) from one with a resolver, an object or a fragment below', () => {
    /** The info of a field `w` of type Widget selecting `selection`. */
    const onWidget = (selection: string) => ({
      fieldNodes: parse(`{ w { ${selection} } }`).definitions.flatMap((d) => ('selectionSet' in d ? d.selectionSet.selections : [])) as never,
      returnType: direct.getType('Widget') as never,
    });
    // id is a getter (nodeId), label and colour are read as they are: nothing below them loads.
    expect(selectsOnlyPlainLeaves(onWidget('id label colour __typename'))).toBe(true);
    expect(selectsOnlyPlainLeaves(onWidget('id ... on Widget { colour }'))).toBe(false);
    // A field resolver of its own, a middleware, an object below: each may load.
    expect(selectsOnlyPlainLeaves(onWidget('id motto'))).toBe(false);
    expect(selectsOnlyPlainLeaves(onWidget('id wrapped'))).toBe(false);
    expect(selectsOnlyPlainLeaves(onWidget('id owner { name }'))).toBe(false);
    expect(selectsOnlyPlainLeaves({ ...onWidget('id'), returnType: direct.getType('Gadget') as never })).toBe(false); // an interface: any type below
  });
});
