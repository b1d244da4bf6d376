/**
 * What the bench asks of PostGraphile (postgraphile-process.ts): the SQL
 * functions it adds to the scratch database for the two root fields v4's
 * `condition` argument cannot express, and the two questions in the terms
 * of PostGraphile's generated schema. Kept apart from the server so that the
 * bench's own process does not load PostGraphile.
 */

/**
 * Functions PostGraphile exposes as root connections, in the order they
 * return their rows: the catalogue's (published modules matching
 * websearch words, by rank, newest first) and organizations by name.
 * (`$1`, not `search`: in an SQL function a column of that name would win.)
 */
export const BENCH_FUNCTIONS = `
  create or replace function bench_search_learning_modules(search text) returns setof learning_modules as $$
    select m.* from learning_modules m
     where m.status = 'PUBLISHED' and m.search @@ websearch_to_tsquery('english', $1)
     order by ts_rank(m.search, websearch_to_tsquery('english', $1)) desc, m.published_at desc, m.id desc
  $$ language sql stable;
  create or replace function bench_organizations(search text) returns setof organizations as $$
    select o.* from organizations o
     where o.name ilike '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
     order by o.name, o.id
  $$ language sql stable;
`;

/** The catalogue search, asked of PostGraphile's schema. */
export const POSTGRAPHILE_SEARCH_QUERY = /* GraphQL */ `
  query Catalogue($search: String!, $first: Int!) {
    benchSearchLearningModules(search: $search, first: $first) {
      totalCount
      edges {
        cursor
        node {
          id
          title
          summary
          competencies
          format
          durationHours
          organizationByPublisherId {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/**
 * The nested network question, asked of PostGraphile's schema: its relations
 * are named after their foreign keys, and an organization's partnerships are
 * two lists (as a business, as a district; one of them is always empty).
 * `seatsRemaining` is `capacity - seatsTaken`, computed by the reader.
 */
export const POSTGRAPHILE_NETWORK_QUERY = /* GraphQL */ `
  query Network($search: String!, $organizations: Int!, $children: Int!) {
    benchOrganizations(search: $search, first: $organizations) {
      totalCount
      edges {
        node {
          id
          name
          kind
          modules: learningModulesByPublisherId(first: $children, condition: { status: PUBLISHED }, orderBy: [CREATED_AT_DESC, ID_DESC]) {
            totalCount
            edges {
              node {
                id
                title
                organizationByPublisherId {
                  id
                  name
                }
                learningModulePrerequisitesByModuleId(orderBy: POSITION_ASC) {
                  nodes {
                    learningModuleByPrerequisiteId {
                      id
                      title
                    }
                  }
                }
              }
            }
          }
          opportunities: opportunitiesByBusinessId(first: $children, orderBy: [CREATED_AT_DESC, ID_DESC]) {
            totalCount
            edges {
              node {
                id
                title
                capacity
                seatsTaken
                partnerships: partnershipsByOpportunityId(first: $children, orderBy: [CREATED_AT_DESC, ID_DESC]) {
                  totalCount
                  edges {
                    node {
                      id
                      status
                      studentCount
                      organizationByDistrictId {
                        id
                        name
                      }
                    }
                  }
                }
              }
            }
          }
          asBusiness: partnershipsByBusinessId(first: $children, orderBy: [CREATED_AT_DESC, ID_DESC]) {
            edges {
              node {
                id
                status
                organizationByBusinessId {
                  id
                  name
                }
                organizationByDistrictId {
                  id
                  name
                }
              }
            }
          }
          asDistrict: partnershipsByDistrictId(first: $children, orderBy: [CREATED_AT_DESC, ID_DESC]) {
            edges {
              node {
                id
                status
                organizationByBusinessId {
                  id
                  name
                }
                organizationByDistrictId {
                  id
                  name
                }
              }
            }
          }
          members: membershipsByOrganizationId(first: $children, orderBy: [CREATED_AT_ASC, ID_ASC]) {
            totalCount
            edges {
              node {
                role
                userByUserId {
                  id
                  displayName
                }
              }
            }
          }
        }
      }
    }
  }
`;
