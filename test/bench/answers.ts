/**
 * What must agree between the servers' answers to the read questions: every
 * total and every id (as its row's uuid) in the order the answer gives them.
 * The hub and the floor answer in the hub's schema; PostGraphile in its own
 * generated one (postgraphile-queries.ts).
 */
import { rowId } from './http-bench';

interface Edges<N> {
  edges: Array<{ node: N }>;
}
interface Ref {
  id: string;
  name?: string;
}

interface SearchPage {
  totalCount: number;
  edges: Array<{ node: { id: string; title: string; publisher?: Ref; organizationByPublisherId?: Ref } }>;
  pageInfo: { hasNextPage: boolean };
}

function searchPage(page: SearchPage): string[] {
  return [
    `total ${page.totalCount}`,
    ...page.edges.flatMap(({ node }) => [rowId(node.id), node.title, rowId((node.publisher ?? node.organizationByPublisherId)!.id)]),
    `next ${page.pageInfo.hasNextPage}`,
  ];
}

export const searchAnswer = (data: unknown) => searchPage((data as { learningModules: SearchPage }).learningModules);
export const postgraphileSearchAnswer = (data: unknown) => searchPage((data as { benchSearchLearningModules: SearchPage }).benchSearchLearningModules);

/** One organization of the nested question, as read from either schema. */
interface Organization {
  id: string;
  name: string;
  modules: { totalCount: number; ids: Array<{ id: string; prerequisites: string[] }> };
  opportunities: { totalCount: number; items: Array<{ id: string; seatsRemaining: number; partnerships: { totalCount: number; ids: string[] } }> };
  partnerships: string[];
  members: { totalCount: number; users: string[] };
}

function network(totalCount: number, organizations: Organization[]): string[] {
  return [
    `total ${totalCount}`,
    ...organizations.flatMap((o) => [
      rowId(o.id),
      o.name,
      `modules ${o.modules.totalCount}`,
      ...o.modules.ids.flatMap((m) => [rowId(m.id), 'needs', ...m.prerequisites.map(rowId)]),
      `opportunities ${o.opportunities.totalCount}`,
      ...o.opportunities.items.flatMap((x) => [
        rowId(x.id),
        `seats ${x.seatsRemaining}`,
        `partnerships ${x.partnerships.totalCount}`,
        ...x.partnerships.ids.map(rowId),
      ]),
      'partnerships',
      ...o.partnerships.map(rowId),
      `members ${o.members.totalCount}`,
      ...o.members.users.map(rowId),
    ]),
  ];
}

interface HubNetwork {
  organizations: {
    totalCount: number;
    edges: Array<{
      node: {
        id: string;
        name: string;
        modules: { totalCount: number } & Edges<{ id: string; prerequisites: Ref[] }>;
        opportunities: { totalCount: number } & Edges<{ id: string; seatsRemaining: number; partnerships: { totalCount: number } & Edges<Ref> }>;
        partnerships: Edges<Ref>;
        members: { totalCount: number } & Edges<{ user: Ref }>;
      };
    }>;
  };
}

export function networkAnswer(data: unknown): string[] {
  const { organizations } = data as HubNetwork;
  return network(
    organizations.totalCount,
    organizations.edges.map(({ node: o }) => ({
      id: o.id,
      name: o.name,
      modules: {
        totalCount: o.modules.totalCount,
        ids: o.modules.edges.map(({ node }) => ({ id: node.id, prerequisites: node.prerequisites.map((p) => p.id) })),
      },
      opportunities: {
        totalCount: o.opportunities.totalCount,
        items: o.opportunities.edges.map(({ node }) => ({
          id: node.id,
          seatsRemaining: node.seatsRemaining,
          partnerships: { totalCount: node.partnerships.totalCount, ids: node.partnerships.edges.map((e) => e.node.id) },
        })),
      },
      partnerships: o.partnerships.edges.map((e) => e.node.id),
      members: { totalCount: o.members.totalCount, users: o.members.edges.map((e) => e.node.user.id) },
    })),
  );
}

interface PostGraphileNetwork {
  benchOrganizations: {
    totalCount: number;
    edges: Array<{
      node: {
        id: string;
        name: string;
        modules: { totalCount: number } & Edges<{
          id: string;
          learningModulePrerequisitesByModuleId: { nodes: Array<{ learningModuleByPrerequisiteId: Ref }> };
        }>;
        opportunities: { totalCount: number } & Edges<{ id: string; capacity: number; seatsTaken: number; partnerships: { totalCount: number } & Edges<Ref> }>;
        asBusiness: Edges<Ref>;
        asDistrict: Edges<Ref>;
        members: { totalCount: number } & Edges<{ userByUserId: Ref }>;
      };
    }>;
  };
}

export function postgraphileNetworkAnswer(data: unknown): string[] {
  const { benchOrganizations: organizations } = data as PostGraphileNetwork;
  return network(
    organizations.totalCount,
    organizations.edges.map(({ node: o }) => ({
      id: o.id,
      name: o.name,
      modules: {
        totalCount: o.modules.totalCount,
        ids: o.modules.edges.map(({ node }) => ({
          id: node.id,
          prerequisites: node.learningModulePrerequisitesByModuleId.nodes.map((p) => p.learningModuleByPrerequisiteId.id),
        })),
      },
      opportunities: {
        totalCount: o.opportunities.totalCount,
        items: o.opportunities.edges.map(({ node }) => ({
          id: node.id,
          seatsRemaining: node.capacity - node.seatsTaken,
          partnerships: { totalCount: node.partnerships.totalCount, ids: node.partnerships.edges.map((e) => e.node.id) },
        })),
      },
      partnerships: [...o.asBusiness.edges, ...o.asDistrict.edges].map((e) => e.node.id),
      members: { totalCount: o.members.totalCount, users: o.members.edges.map((e) => e.node.userByUserId.id) },
    })),
  );
}

interface Waiver {
  waiverRequest: { id: string; sections: Ref[]; comments: { totalCount: number } & Edges<Ref> };
}

export function waiverAnswer(data: unknown): string[] {
  const { waiverRequest: w } = data as Waiver;
  return [rowId(w.id), ...w.sections.map((s) => rowId(s.id)), `comments ${w.comments.totalCount}`, ...w.comments.edges.map((e) => rowId(e.node.id))];
}
