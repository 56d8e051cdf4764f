// Written by scripts/make-sample-catalogue from the same data as config/catalogue.example/catalogue.json;
// do not edit by hand.

/// The sample catalogue `ledger devnet init --with-catalogue` loads when no file is given.
enum SampleCatalogue {
    static let json = #"""
        {
          "format": "mcledger.catalogue.v1",
          "note": "Sample data: real institutions, illustrative offerings. Shares follow the scoping study (60% universities, 18% public colleges; 53% online; mostly under 45 hours, some of 5 hours or less).",
          "issuers": [
            {
              "issuerId": "uwi-mona",
              "displayName": "The University of the West Indies, Mona",
              "country": "JM",
              "type": "university"
            },
            {
              "issuerId": "uwi-staugustine",
              "displayName": "The University of the West Indies, St. Augustine",
              "country": "TT",
              "type": "university"
            },
            {
              "issuerId": "uwi-cavehill",
              "displayName": "The University of the West Indies, Cave Hill",
              "country": "BB",
              "type": "university"
            },
            {
              "issuerId": "uwi-global",
              "displayName": "The University of the West Indies, Global Campus",
              "country": "BB",
              "type": "university"
            },
            {
              "issuerId": "utech",
              "displayName": "University of Technology, Jamaica",
              "country": "JM",
              "type": "university"
            },
            {
              "issuerId": "utt",
              "displayName": "The University of Trinidad and Tobago",
              "country": "TT",
              "type": "university"
            },
            {
              "issuerId": "uog",
              "displayName": "University of Guyana",
              "country": "GY",
              "type": "university"
            },
            {
              "issuerId": "ub",
              "displayName": "University of Belize",
              "country": "BZ",
              "type": "university"
            },
            {
              "issuerId": "bcc",
              "displayName": "Barbados Community College",
              "country": "BB",
              "type": "publicCollege"
            },
            {
              "issuerId": "costaatt",
              "displayName": "College of Science, Technology and Applied Arts of Trinidad and Tobago",
              "country": "TT",
              "type": "publicCollege"
            },
            {
              "issuerId": "salcc",
              "displayName": "Sir Arthur Lewis Community College",
              "country": "LC",
              "type": "publicCollege"
            },
            {
              "issuerId": "tamcc",
              "displayName": "T. A. Marryshow Community College",
              "country": "GD",
              "type": "publicCollege"
            },
            {
              "issuerId": "heart-nsta",
              "displayName": "HEART/NSTA Trust",
              "country": "JM",
              "type": "trainingAgency"
            },
            {
              "issuerId": "cardi",
              "displayName": "Caribbean Agricultural Research and Development Institute",
              "country": "TT",
              "type": "researchInstitute"
            },
            {
              "issuerId": "bvtb",
              "displayName": "Barbados Vocational Training Board",
              "country": "BB",
              "type": "trainingAgency"
            }
          ],
          "entries": [
            {
              "definitionId": "uwi-mona-001",
              "issuerId": "uwi-mona",
              "title": "Digital Marketing for Creatives",
              "kind": "course",
              "format": "online",
              "hours": 42,
              "level": 6,
              "credits": 2.8,
              "language": "en",
              "learningOutcomes": [
                "Plan a social media campaign"
              ]
            },
            {
              "definitionId": "uog-001",
              "issuerId": "uog",
              "title": "Seminar: Food Safety and Hygiene",
              "kind": "seminar",
              "format": "online",
              "hours": 5,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "heart-nsta-001",
              "issuerId": "heart-nsta",
              "title": "Financial Literacy for Micro-Enterprises",
              "kind": "course",
              "format": "blended",
              "hours": 24,
              "level": 3,
              "credits": 1.6,
              "language": "en",
              "learningOutcomes": [
                "Keep a simple cash book"
              ]
            },
            {
              "definitionId": "uwi-cavehill-001",
              "issuerId": "uwi-cavehill",
              "title": "Public Procurement Fundamentals",
              "kind": "workshop",
              "format": "online",
              "hours": 7.5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Prepare a tender evaluation"
              ]
            },
            {
              "definitionId": "uwi-cavehill-002",
              "issuerId": "uwi-cavehill",
              "title": "Teaching Online with Moodle",
              "kind": "workshop",
              "format": "online",
              "hours": 5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Build a Moodle course page",
                "Design an online assessment"
              ]
            },
            {
              "definitionId": "uwi-staugustine-001",
              "issuerId": "uwi-staugustine",
              "title": "Food Safety and Hygiene",
              "kind": "workshop",
              "format": "hybrid",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "uog-002",
              "issuerId": "uog",
              "title": "Protected Agriculture and Greenhouse Production",
              "kind": "course",
              "format": "faceToFace",
              "hours": 60,
              "level": 6,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Manage pests in a greenhouse"
              ]
            },
            {
              "definitionId": "uwi-staugustine-002",
              "issuerId": "uwi-staugustine",
              "title": "Coastal Zone Management",
              "kind": "course",
              "format": "faceToFace",
              "hours": 40,
              "level": 4,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Monitor beach erosion"
              ]
            },
            {
              "definitionId": "uwi-mona-002",
              "issuerId": "uwi-mona",
              "title": "Infection Prevention and Control",
              "kind": "workshop",
              "format": "online",
              "hours": 4,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Choose the right protective equipment"
              ]
            },
            {
              "definitionId": "uwi-global-001",
              "issuerId": "uwi-global",
              "title": "Web Accessibility Essentials",
              "kind": "course",
              "format": "online",
              "hours": 15,
              "level": 4,
              "credits": 1.0,
              "language": "en",
              "learningOutcomes": [
                "Audit a page against WCAG 2.2"
              ]
            },
            {
              "definitionId": "bvtb-001",
              "issuerId": "bvtb",
              "title": "Welding Fundamentals",
              "kind": "course",
              "format": "online",
              "hours": 12,
              "level": 2,
              "credits": 0.8,
              "language": "en",
              "learningOutcomes": [
                "Make a sound fillet weld"
              ]
            },
            {
              "definitionId": "heart-nsta-002",
              "issuerId": "heart-nsta",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "workshop",
              "format": "online",
              "hours": 7.5,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "utech-001",
              "issuerId": "utech",
              "title": "Cybersecurity Awareness for Small Business",
              "kind": "course",
              "format": "online",
              "hours": 10,
              "level": 3,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Recognise a phishing attempt",
                "Set up multi-factor authentication"
              ]
            },
            {
              "definitionId": "ub-001",
              "issuerId": "ub",
              "title": "Seminar: French for Tourism Professionals",
              "kind": "seminar",
              "format": "faceToFace",
              "hours": 1.5,
              "level": 4,
              "credits": 0,
              "language": "fr",
              "learningOutcomes": [
                "Welcome guests in French"
              ]
            },
            {
              "definitionId": "uog-003",
              "issuerId": "uog",
              "title": "Universal Design for Learning",
              "kind": "course",
              "format": "hybrid",
              "hours": 30,
              "level": 5,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Plan a lesson for learners with diverse needs"
              ]
            },
            {
              "definitionId": "costaatt-001",
              "issuerId": "costaatt",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "online",
              "hours": 60,
              "level": 2,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "heart-nsta-003",
              "issuerId": "heart-nsta",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "course",
              "format": "online",
              "hours": 30,
              "level": 3,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "cardi-001",
              "issuerId": "cardi",
              "title": "Sargassum Management and Valorisation",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 4,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Plan sargassum collection and reuse"
              ]
            },
            {
              "definitionId": "uwi-global-002",
              "issuerId": "uwi-global",
              "title": "Instructional Design Fundamentals",
              "kind": "course",
              "format": "online",
              "hours": 60,
              "level": 4,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Apply the ADDIE model to a short course"
              ]
            },
            {
              "definitionId": "salcc-001",
              "issuerId": "salcc",
              "title": "Leadership in the Public Service",
              "kind": "course",
              "format": "online",
              "hours": 60,
              "level": 3,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Lead a team through a change"
              ]
            },
            {
              "definitionId": "cardi-002",
              "issuerId": "cardi",
              "title": "Seminar: Coastal Zone Management",
              "kind": "seminar",
              "format": "hybrid",
              "hours": 3,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Monitor beach erosion"
              ]
            },
            {
              "definitionId": "utech-002",
              "issuerId": "utech",
              "title": "Data Analytics with Python",
              "kind": "workshop",
              "format": "online",
              "hours": 12,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Clean a dataset with pandas",
                "Chart a trend for a report"
              ]
            },
            {
              "definitionId": "heart-nsta-004",
              "issuerId": "heart-nsta",
              "title": "Welding Fundamentals",
              "kind": "workshop",
              "format": "blended",
              "hours": 8,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Make a sound fillet weld"
              ]
            },
            {
              "definitionId": "cardi-003",
              "issuerId": "cardi",
              "title": "Seminar: Climate-Smart Agriculture",
              "kind": "seminar",
              "format": "hybrid",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Select drought-tolerant crop varieties",
                "Plan water harvesting on a small farm"
              ]
            },
            {
              "definitionId": "cardi-004",
              "issuerId": "cardi",
              "title": "Renewable Energy Basics",
              "kind": "course",
              "format": "online",
              "hours": 42,
              "level": 2,
              "credits": 2.8,
              "language": "en",
              "learningOutcomes": [
                "Size a rooftop solar system"
              ]
            },
            {
              "definitionId": "uwi-staugustine-003",
              "issuerId": "uwi-staugustine",
              "title": "Seminar: Public Procurement Fundamentals",
              "kind": "seminar",
              "format": "hybrid",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Prepare a tender evaluation"
              ]
            },
            {
              "definitionId": "bcc-001",
              "issuerId": "bcc",
              "title": "Community Health Worker Skills",
              "kind": "course",
              "format": "faceToFace",
              "hours": 10,
              "level": 2,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Run a household health survey"
              ]
            },
            {
              "definitionId": "ub-002",
              "issuerId": "ub",
              "title": "Seminar: Renewable Energy Basics",
              "kind": "seminar",
              "format": "online",
              "hours": 5,
              "level": 3,
              "credits": 0,
              "language": "es",
              "learningOutcomes": [
                "Size a rooftop solar system"
              ]
            },
            {
              "definitionId": "heart-nsta-005",
              "issuerId": "heart-nsta",
              "title": "Automotive Hybrid Vehicle Servicing",
              "kind": "course",
              "format": "faceToFace",
              "hours": 40,
              "level": 3,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Isolate a high-voltage battery"
              ]
            },
            {
              "definitionId": "salcc-002",
              "issuerId": "salcc",
              "title": "Sargassum Management and Valorisation",
              "kind": "course",
              "format": "faceToFace",
              "hours": 10,
              "level": 4,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Plan sargassum collection and reuse"
              ]
            },
            {
              "definitionId": "heart-nsta-006",
              "issuerId": "heart-nsta",
              "title": "Culinary Arts: Caribbean Cuisine",
              "kind": "course",
              "format": "online",
              "hours": 30,
              "level": 4,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Prepare three regional dishes to standard"
              ]
            },
            {
              "definitionId": "costaatt-002",
              "issuerId": "costaatt",
              "title": "Geographic Information Systems Basics",
              "kind": "course",
              "format": "hybrid",
              "hours": 36,
              "level": 3,
              "credits": 2.4,
              "language": "en",
              "learningOutcomes": [
                "Map a parish with QGIS"
              ]
            },
            {
              "definitionId": "uwi-mona-003",
              "issuerId": "uwi-mona",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "online",
              "hours": 36,
              "level": 6,
              "credits": 2.4,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "bvtb-002",
              "issuerId": "bvtb",
              "title": "Seminar: Culinary Arts: Caribbean Cuisine",
              "kind": "seminar",
              "format": "online",
              "hours": 2,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Prepare three regional dishes to standard"
              ]
            },
            {
              "definitionId": "uog-004",
              "issuerId": "uog",
              "title": "Community Health Worker Skills",
              "kind": "course",
              "format": "online",
              "hours": 10,
              "level": 6,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Run a household health survey"
              ]
            },
            {
              "definitionId": "tamcc-001",
              "issuerId": "tamcc",
              "title": "Seminar: Renewable Energy Basics",
              "kind": "seminar",
              "format": "online",
              "hours": 3,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Size a rooftop solar system"
              ]
            },
            {
              "definitionId": "uwi-global-003",
              "issuerId": "uwi-global",
              "title": "Introduction to Cloud Computing",
              "kind": "course",
              "format": "faceToFace",
              "hours": 10,
              "level": 3,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Compare IaaS, PaaS and SaaS offerings"
              ]
            },
            {
              "definitionId": "ub-003",
              "issuerId": "ub",
              "title": "Caribbean Sign Language Basics",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 5,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Sign everyday greetings and questions"
              ]
            },
            {
              "definitionId": "ub-004",
              "issuerId": "ub",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "workshop",
              "format": "online",
              "hours": 5,
              "level": 6,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "tamcc-002",
              "issuerId": "tamcc",
              "title": "Food Safety and Hygiene",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 2,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "utt-001",
              "issuerId": "utt",
              "title": "Seminar: Blockchain for Public Records",
              "kind": "seminar",
              "format": "online",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Explain how a transparency log proves a record"
              ]
            },
            {
              "definitionId": "uwi-staugustine-004",
              "issuerId": "uwi-staugustine",
              "title": "Food Safety and Hygiene",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 6,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "bcc-002",
              "issuerId": "bcc",
              "title": "Food Safety and Hygiene",
              "kind": "workshop",
              "format": "faceToFace",
              "hours": 3,
              "level": 2,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "uwi-global-004",
              "issuerId": "uwi-global",
              "title": "Human Resource Analytics",
              "kind": "workshop",
              "format": "online",
              "hours": 6,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "ub-005",
              "issuerId": "ub",
              "title": "Climate-Smart Agriculture",
              "kind": "course",
              "format": "online",
              "hours": 20,
              "level": 6,
              "credits": 1.3,
              "language": "en",
              "learningOutcomes": [
                "Select drought-tolerant crop varieties",
                "Plan water harvesting on a small farm"
              ]
            },
            {
              "definitionId": "heart-nsta-007",
              "issuerId": "heart-nsta",
              "title": "Welding Fundamentals",
              "kind": "course",
              "format": "blended",
              "hours": 36,
              "level": 3,
              "credits": 2.4,
              "language": "en",
              "learningOutcomes": [
                "Make a sound fillet weld"
              ]
            },
            {
              "definitionId": "ub-006",
              "issuerId": "ub",
              "title": "Leadership in the Public Service",
              "kind": "course",
              "format": "faceToFace",
              "hours": 20,
              "level": 5,
              "credits": 1.3,
              "language": "en",
              "learningOutcomes": [
                "Lead a team through a change"
              ]
            },
            {
              "definitionId": "uwi-global-005",
              "issuerId": "uwi-global",
              "title": "Seminar: Web Accessibility Essentials",
              "kind": "seminar",
              "format": "online",
              "hours": 2,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Audit a page against WCAG 2.2"
              ]
            },
            {
              "definitionId": "bcc-003",
              "issuerId": "bcc",
              "title": "Food Safety and Hygiene",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 4,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "uwi-global-006",
              "issuerId": "uwi-global",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "online",
              "hours": 40,
              "level": 6,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "cardi-005",
              "issuerId": "cardi",
              "title": "Coastal Zone Management",
              "kind": "course",
              "format": "online",
              "hours": 20,
              "level": 3,
              "credits": 1.3,
              "language": "en",
              "learningOutcomes": [
                "Monitor beach erosion"
              ]
            },
            {
              "definitionId": "utech-003",
              "issuerId": "utech",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "workshop",
              "format": "online",
              "hours": 5,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "heart-nsta-008",
              "issuerId": "heart-nsta",
              "title": "Electrical Installation Safety",
              "kind": "workshop",
              "format": "online",
              "hours": 8,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Test a circuit safely"
              ]
            },
            {
              "definitionId": "uwi-staugustine-005",
              "issuerId": "uwi-staugustine",
              "title": "Disaster Risk Management",
              "kind": "course",
              "format": "online",
              "hours": 60,
              "level": 4,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Assess hurricane risk for a community",
                "Write a shelter plan"
              ]
            },
            {
              "definitionId": "tamcc-003",
              "issuerId": "tamcc",
              "title": "Solar Photovoltaic Installation",
              "kind": "course",
              "format": "faceToFace",
              "hours": 24,
              "level": 3,
              "credits": 1.6,
              "language": "en",
              "learningOutcomes": [
                "Install and commission a grid-tied inverter"
              ]
            },
            {
              "definitionId": "utt-002",
              "issuerId": "utt",
              "title": "Digital Marketing for Creatives",
              "kind": "course",
              "format": "online",
              "hours": 24,
              "level": 4,
              "credits": 1.6,
              "language": "en",
              "learningOutcomes": [
                "Plan a social media campaign"
              ]
            },
            {
              "definitionId": "cardi-006",
              "issuerId": "cardi",
              "title": "Seminar: Disaster Risk Management",
              "kind": "seminar",
              "format": "hybrid",
              "hours": 1.5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Assess hurricane risk for a community",
                "Write a shelter plan"
              ]
            },
            {
              "definitionId": "uwi-cavehill-003",
              "issuerId": "uwi-cavehill",
              "title": "Caribbean Sign Language Basics",
              "kind": "workshop",
              "format": "online",
              "hours": 7.5,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Sign everyday greetings and questions"
              ]
            },
            {
              "definitionId": "uwi-cavehill-004",
              "issuerId": "uwi-cavehill",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "course",
              "format": "hybrid",
              "hours": 36,
              "level": 5,
              "credits": 2.4,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "uwi-global-007",
              "issuerId": "uwi-global",
              "title": "Public Procurement Fundamentals",
              "kind": "workshop",
              "format": "online",
              "hours": 5,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Prepare a tender evaluation"
              ]
            },
            {
              "definitionId": "utt-003",
              "issuerId": "utt",
              "title": "Seminar: Coastal Zone Management",
              "kind": "seminar",
              "format": "faceToFace",
              "hours": 1.5,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Monitor beach erosion"
              ]
            },
            {
              "definitionId": "utt-004",
              "issuerId": "utt",
              "title": "Data Analytics with Python",
              "kind": "course",
              "format": "online",
              "hours": 30,
              "level": 5,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Clean a dataset with pandas",
                "Chart a trend for a report"
              ]
            },
            {
              "definitionId": "uog-005",
              "issuerId": "uog",
              "title": "Sargassum Management and Valorisation",
              "kind": "course",
              "format": "online",
              "hours": 24,
              "level": 3,
              "credits": 1.6,
              "language": "en",
              "learningOutcomes": [
                "Plan sargassum collection and reuse"
              ]
            },
            {
              "definitionId": "uwi-staugustine-006",
              "issuerId": "uwi-staugustine",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "online",
              "hours": 60,
              "level": 4,
              "credits": 4.0,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "uwi-mona-004",
              "issuerId": "uwi-mona",
              "title": "Seminar: Academic Integrity in the Digital Age",
              "kind": "seminar",
              "format": "faceToFace",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Detect and prevent contract cheating"
              ]
            },
            {
              "definitionId": "utt-005",
              "issuerId": "utt",
              "title": "Culinary Arts: Caribbean Cuisine",
              "kind": "course",
              "format": "faceToFace",
              "hours": 30,
              "level": 4,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Prepare three regional dishes to standard"
              ]
            },
            {
              "definitionId": "utech-004",
              "issuerId": "utech",
              "title": "Project Management Essentials",
              "kind": "course",
              "format": "online",
              "hours": 20,
              "level": 6,
              "credits": 1.3,
              "language": "en",
              "learningOutcomes": [
                "Plan a project budget",
                "Track a schedule with a Gantt chart"
              ]
            },
            {
              "definitionId": "uwi-mona-005",
              "issuerId": "uwi-mona",
              "title": "Customer Service Excellence in Hospitality",
              "kind": "course",
              "format": "faceToFace",
              "hours": 10,
              "level": 5,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Resolve a guest complaint"
              ]
            },
            {
              "definitionId": "uwi-cavehill-005",
              "issuerId": "uwi-cavehill",
              "title": "Mentoring New Teachers",
              "kind": "course",
              "format": "hybrid",
              "hours": 40,
              "level": 5,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Run a structured mentoring conversation"
              ]
            },
            {
              "definitionId": "uwi-cavehill-006",
              "issuerId": "uwi-cavehill",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "hybrid",
              "hours": 40,
              "level": 4,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "bvtb-003",
              "issuerId": "bvtb",
              "title": "Financial Literacy for Micro-Enterprises",
              "kind": "course",
              "format": "faceToFace",
              "hours": 10,
              "level": 3,
              "credits": 0.7,
              "language": "en",
              "learningOutcomes": [
                "Keep a simple cash book"
              ]
            },
            {
              "definitionId": "bvtb-004",
              "issuerId": "bvtb",
              "title": "Project Management Essentials",
              "kind": "workshop",
              "format": "online",
              "hours": 5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Plan a project budget",
                "Track a schedule with a Gantt chart"
              ]
            },
            {
              "definitionId": "uwi-staugustine-007",
              "issuerId": "uwi-staugustine",
              "title": "Climate-Smart Agriculture",
              "kind": "course",
              "format": "hybrid",
              "hours": 12,
              "level": 5,
              "credits": 0.8,
              "language": "en",
              "learningOutcomes": [
                "Select drought-tolerant crop varieties",
                "Plan water harvesting on a small farm"
              ]
            },
            {
              "definitionId": "costaatt-003",
              "issuerId": "costaatt",
              "title": "Food Safety and Hygiene",
              "kind": "course",
              "format": "online",
              "hours": 30,
              "level": 2,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Apply HACCP principles in a small kitchen"
              ]
            },
            {
              "definitionId": "utech-005",
              "issuerId": "utech",
              "title": "Welding Fundamentals",
              "kind": "workshop",
              "format": "blended",
              "hours": 7.5,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Make a sound fillet weld"
              ]
            },
            {
              "definitionId": "utech-006",
              "issuerId": "utech",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "blended",
              "hours": 15,
              "level": 5,
              "credits": 1.0,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "uog-006",
              "issuerId": "uog",
              "title": "Mental Health First Aid",
              "kind": "workshop",
              "format": "faceToFace",
              "hours": 5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Recognise signs of distress",
                "Refer a person to professional help"
              ]
            },
            {
              "definitionId": "uwi-cavehill-007",
              "issuerId": "uwi-cavehill",
              "title": "Teaching Online with Moodle",
              "kind": "course",
              "format": "faceToFace",
              "hours": 40,
              "level": 3,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Build a Moodle course page",
                "Design an online assessment"
              ]
            },
            {
              "definitionId": "uwi-mona-006",
              "issuerId": "uwi-mona",
              "title": "Leadership in the Public Service",
              "kind": "workshop",
              "format": "faceToFace",
              "hours": 4,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Lead a team through a change"
              ]
            },
            {
              "definitionId": "uog-007",
              "issuerId": "uog",
              "title": "Community Health Worker Skills",
              "kind": "workshop",
              "format": "faceToFace",
              "hours": 7.5,
              "level": 6,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Run a household health survey"
              ]
            },
            {
              "definitionId": "bcc-004",
              "issuerId": "bcc",
              "title": "Solar Photovoltaic Installation",
              "kind": "course",
              "format": "faceToFace",
              "hours": 30,
              "level": 4,
              "credits": 2.0,
              "language": "en",
              "learningOutcomes": [
                "Install and commission a grid-tied inverter"
              ]
            },
            {
              "definitionId": "cardi-007",
              "issuerId": "cardi",
              "title": "Disaster Risk Management",
              "kind": "course",
              "format": "hybrid",
              "hours": 12,
              "level": 3,
              "credits": 0.8,
              "language": "en",
              "learningOutcomes": [
                "Assess hurricane risk for a community",
                "Write a shelter plan"
              ]
            },
            {
              "definitionId": "salcc-003",
              "issuerId": "salcc",
              "title": "Project Management Essentials",
              "kind": "workshop",
              "format": "online",
              "hours": 15,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Plan a project budget",
                "Track a schedule with a Gantt chart"
              ]
            },
            {
              "definitionId": "salcc-004",
              "issuerId": "salcc",
              "title": "Automotive Hybrid Vehicle Servicing",
              "kind": "workshop",
              "format": "blended",
              "hours": 4,
              "level": 2,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Isolate a high-voltage battery"
              ]
            },
            {
              "definitionId": "costaatt-004",
              "issuerId": "costaatt",
              "title": "Customer Service Excellence in Hospitality",
              "kind": "workshop",
              "format": "online",
              "hours": 7.5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Resolve a guest complaint"
              ]
            },
            {
              "definitionId": "utt-006",
              "issuerId": "utt",
              "title": "Solar Photovoltaic Installation",
              "kind": "workshop",
              "format": "faceToFace",
              "hours": 5,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Install and commission a grid-tied inverter"
              ]
            },
            {
              "definitionId": "tamcc-004",
              "issuerId": "tamcc",
              "title": "Community Health Worker Skills",
              "kind": "course",
              "format": "faceToFace",
              "hours": 40,
              "level": 3,
              "credits": 2.7,
              "language": "en",
              "learningOutcomes": [
                "Run a household health survey"
              ]
            },
            {
              "definitionId": "bvtb-005",
              "issuerId": "bvtb",
              "title": "Seminar: Entrepreneurship for the Creative Industries",
              "kind": "seminar",
              "format": "faceToFace",
              "hours": 4,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "bvtb-006",
              "issuerId": "bvtb",
              "title": "Entrepreneurship for the Creative Industries",
              "kind": "workshop",
              "format": "hybrid",
              "hours": 5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Write a one-page business plan"
              ]
            },
            {
              "definitionId": "utech-007",
              "issuerId": "utech",
              "title": "Public Procurement Fundamentals",
              "kind": "course",
              "format": "hybrid",
              "hours": 20,
              "level": 6,
              "credits": 1.3,
              "language": "en",
              "learningOutcomes": [
                "Prepare a tender evaluation"
              ]
            },
            {
              "definitionId": "utt-007",
              "issuerId": "utt",
              "title": "Seminar: Data Analytics with Python",
              "kind": "seminar",
              "format": "online",
              "hours": 3,
              "level": 5,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Clean a dataset with pandas",
                "Chart a trend for a report"
              ]
            },
            {
              "definitionId": "bvtb-007",
              "issuerId": "bvtb",
              "title": "Human Resource Analytics",
              "kind": "course",
              "format": "online",
              "hours": 36,
              "level": 3,
              "credits": 2.4,
              "language": "en",
              "learningOutcomes": [
                "Build a staff turnover dashboard"
              ]
            },
            {
              "definitionId": "costaatt-005",
              "issuerId": "costaatt",
              "title": "Nutrition for Non-Communicable Disease Prevention",
              "kind": "workshop",
              "format": "online",
              "hours": 15,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Plan a low-sodium Caribbean menu"
              ]
            },
            {
              "definitionId": "bcc-005",
              "issuerId": "bcc",
              "title": "Infection Prevention and Control",
              "kind": "workshop",
              "format": "online",
              "hours": 7.5,
              "level": 3,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Choose the right protective equipment"
              ]
            },
            {
              "definitionId": "uwi-mona-007",
              "issuerId": "uwi-mona",
              "title": "Seminar: Instructional Design Fundamentals",
              "kind": "seminar",
              "format": "online",
              "hours": 3,
              "level": 4,
              "credits": 0,
              "language": "en",
              "learningOutcomes": [
                "Apply the ADDIE model to a short course"
              ]
            },
            {
              "definitionId": "ub-007",
              "issuerId": "ub",
              "title": "Project Management Essentials",
              "kind": "course",
              "format": "online",
              "hours": 24,
              "level": 4,
              "credits": 1.6,
              "language": "en",
              "learningOutcomes": [
                "Plan a project budget",
                "Track a schedule with a Gantt chart"
              ]
            },
            {
              "definitionId": "uwi-global-008",
              "issuerId": "uwi-global",
              "title": "Certificate in Digital Teaching",
              "kind": "pathway",
              "format": "hybrid",
              "hours": 95,
              "level": 5,
              "credits": 6.3,
              "language": "en",
              "learningOutcomes": [],
              "components": [
                "uwi-cavehill-002",
                "uog-003",
                "uwi-global-002"
              ],
              "require": 3
            },
            {
              "definitionId": "uwi-staugustine-008",
              "issuerId": "uwi-staugustine",
              "title": "Professional Certificate in Climate Resilience",
              "kind": "pathway",
              "format": "blended",
              "hours": 162,
              "level": 5,
              "credits": 10.8,
              "language": "en",
              "learningOutcomes": [],
              "components": [
                "ub-005",
                "uwi-staugustine-005",
                "uwi-staugustine-002",
                "cardi-004"
              ],
              "require": 2
            },
            {
              "definitionId": "utech-008",
              "issuerId": "utech",
              "title": "Certificate in Digital Business",
              "kind": "pathway",
              "format": "hybrid",
              "hours": 74,
              "level": 5,
              "credits": 4.9,
              "language": "en",
              "learningOutcomes": [],
              "components": [
                "utech-001",
                "utech-002",
                "uwi-mona-001",
                "uwi-global-003"
              ],
              "require": 3
            },
            {
              "definitionId": "uwi-mona-008",
              "issuerId": "uwi-mona",
              "title": "Certificate in Public Health Practice",
              "kind": "pathway",
              "format": "blended",
              "hours": 37,
              "level": 5,
              "credits": 2.5,
              "language": "en",
              "learningOutcomes": [],
              "components": [
                "uog-006",
                "uwi-mona-002",
                "bcc-001",
                "costaatt-005",
                "uwi-staugustine-001"
              ],
              "require": 3
            }
          ]
        }
        """#
}
